export { EditProfilePage } from './EditProfilePage.tsx';
export { ExpertProfilePage } from './ExpertProfilePage.tsx';
export { MarketplacePage } from './MarketplacePage.tsx';
