/**
 * A shopping cart kept in the session: anonymous visitors get a session as soon as they add
 * something; at login the session id changes and the cart moves with it; logout empties it.
 */
import type { Routes } from '../context.ts';
import { productById, PRODUCTS } from '../catalogue.ts';
import { badFormBody } from '../views/errors.ts';
import { cartBody } from '../views/cart.ts';

/** Most of one product in the cart. */
const MAX_QUANTITY = 20;

/** `GET /cart`, `POST /cart/add`, `POST /cart/remove`, `POST /cart/clear`. */
export const cartRoutes: Routes = {
  'GET /cart': async (ctx) => {
    const cart = (await ctx.session.get('cart')) ?? {};
    await ctx.render('Cart', cartBody({ products: PRODUCTS, cart, csrfField: await ctx.csrfField() }));
  },

  'POST /cart/add': async (ctx) => {
    const product = productById(ctx.form.get('product'));
    if (product === undefined) return ctx.render('Unknown product', badFormBody('There is no such product.'), { status: 400 });
    const cart = { ...((await ctx.session.get('cart')) ?? {}) };
    const quantity = Math.min(MAX_QUANTITY, (cart[product.id] ?? 0) + 1);
    cart[product.id] = quantity;
    ctx.session.set('cart', cart);
    ctx.session.flash('notice', quantity === MAX_QUANTITY ? `You have the most ${product.name} one order may hold (${MAX_QUANTITY}).` : `Added ${product.name}.`);
    ctx.redirect('/cart');
  },

  'POST /cart/remove': async (ctx) => {
    const product = productById(ctx.form.get('product'));
    const cart = { ...((await ctx.session.get('cart')) ?? {}) };
    if (product !== undefined && cart[product.id] !== undefined) {
      delete cart[product.id];
      ctx.session.set('cart', cart);
      ctx.session.flash('notice', `Removed ${product.name}.`);
    }
    ctx.redirect('/cart');
  },

  'POST /cart/clear': async (ctx) => {
    ctx.session.unset('cart');
    ctx.session.flash('notice', 'Your cart is empty.');
    ctx.redirect('/cart');
  },
};
