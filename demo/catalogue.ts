/** The shop's products, for the cart page. */

/** A product. Prices in euro cents. */
export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

/** Everything the shop sells. */
export const PRODUCTS: readonly Product[] = [
  { id: 'tea', name: 'Green tea, 100 g', priceCents: 650 },
  { id: 'coffee', name: 'Coffee beans, 250 g', priceCents: 1190 },
  { id: 'honey', name: 'Heather honey', priceCents: 890 },
  { id: 'biscuits', name: 'Oat biscuits', priceCents: 375 },
];

/** The product with this id, or undefined. */
export function productById(id: string | null): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}
