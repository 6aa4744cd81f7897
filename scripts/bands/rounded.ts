/** Six decimals: as many as the book prints, and all a band needs. */
export const rounded = (value: number, digits = 6) => Number(value.toFixed(digits));
