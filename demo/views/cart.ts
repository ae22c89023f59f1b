/** The cart page's body: the products with "add" buttons, the cart with its total. */
import type { Product } from '../catalogue.ts';
import { html, type SafeHtml } from '../html.ts';
import { price } from './format.ts';

/** What the cart page shows. */
export interface CartInput {
  products: readonly Product[];
  /** Product id to quantity. */
  cart: Readonly<Record<string, number>>;
  csrfField: SafeHtml;
}

/** The cart page. */
export function cartBody({ products, cart, csrfField }: CartInput): SafeHtml {
  const lines = products.filter((p) => (cart[p.id] ?? 0) > 0).map((p) => ({ product: p, quantity: cart[p.id]! }));
  const total = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
  const cartSection =
    lines.length === 0
      ? html`<p>Your cart is empty.</p>`
      : html`<table class="cart">
  <caption class="visually-hidden">Your cart</caption>
  <thead><tr><th scope="col">Product</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Price</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${lines.map(
    (l) => html`<tr><td>${l.product.name}</td><td class="num">${l.quantity}</td><td class="num">${price(l.product.priceCents * l.quantity)}</td>
    <td><form method="post" action="/cart/remove">${csrfField}<input type="hidden" name="product" value="${l.product.id}"><button type="submit" class="link">Remove<span class="visually-hidden"> ${l.product.name}</span></button></form></td></tr>`,
  )}</tbody>
  <tfoot><tr><th scope="row">Total</th><td></td><td class="num"><strong>${price(total)}</strong></td><td></td></tr></tfoot>
</table>
<form method="post" action="/cart/clear">${csrfField}<button type="submit" class="secondary">Empty the cart</button></form>`;
  return html`<p>The cart lives in your session, on the server. It survives logging in (the session gets a new id, the data moves with it) and is emptied when you log out.</p>
<section aria-labelledby="in-cart">
<h2 id="in-cart">In your cart</h2>
${cartSection}
</section>
<section aria-labelledby="shop">
<h2 id="shop">Products</h2>
<ul class="products">${products.map(
    (p) => html`<li><span class="product-name">${p.name}</span> <span class="price">${price(p.priceCents)}</span>
  <form method="post" action="/cart/add">${csrfField}<input type="hidden" name="product" value="${p.id}"><button type="submit">Add<span class="visually-hidden"> ${p.name}</span></button></form></li>`,
  )}</ul>
</section>`;
}
