/** A SIREN is 9 digits whose Luhn checksum is valid (La Poste's 356000000 is the one documented exception). */
export function isValidSiren(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  if (value === '356000000') return true;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let digit = Number(value[8 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Completes 8 digits with the Luhn check digit: used by the demo data generator. */
export function sirenWithCheckDigit(first8: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${first8}${d}`;
    if (isValidSiren(candidate)) return candidate;
  }
  throw new Error(`no check digit for ${first8}`);
}
