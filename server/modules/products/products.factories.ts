/** Simulator answers of a road haulier with heavy vehicles: eligible to the TICPE refund among others. */
export const haulier = {
  sector: 'transport_routier',
  heavyVehicles: 12,
  dieselLitres: 180_000,
  employees: 25,
  annualPayroll: 900_000,
};
