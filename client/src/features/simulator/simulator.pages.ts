export { SimulatorPage } from './SimulatorPage.tsx';
