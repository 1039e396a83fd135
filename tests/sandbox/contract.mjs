// contract.mjs
//
// Copyright 2026 The Billing Desk authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The contract test of billing-desk-sandbox: Dodo Payments' official SDK
// (npm "dodopayments") runs a merchant's scenario against the sandbox with
// its own calls only.  The one exception is paying the checkout, for which
// Dodo has no API (a person pays in a browser): that is the sandbox's
// POST /_sandbox/checkouts/{id}/complete, with fetch.
//
// Environment: BD_SANDBOX_URL, BD_SANDBOX_KEY.  Prints "ok N - step" per
// step and exits 0, or prints the failure and exits 1.
// Run by tests/sandbox/test-contract.c with NODE_PATH set to the npm prefix.

import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

// NODE_PATH is honoured by require(), not by ESM imports.
const require = createRequire(import.meta.url);
const DodoPayments = require('dodopayments').default ?? require('dodopayments');

const baseURL = process.env.BD_SANDBOX_URL;
const bearerToken = process.env.BD_SANDBOX_KEY;
if (!baseURL || !bearerToken) {
  console.error('BD_SANDBOX_URL and BD_SANDBOX_KEY must be set');
  process.exit(2);
}

const client = new DodoPayments({ bearerToken, baseURL, maxRetries: 0, timeout: 20000 });
let step = 0;

async function check(name, body) {
  step += 1;
  try {
    await body();
    console.log(`ok ${step} - ${name}`);
  } catch (error) {
    console.log(`not ok ${step} - ${name}`);
    console.error(error);
    process.exit(1);
  }
}

const state = {};

await check('create a product', async () => {
  const product = await client.products.create({
    name: 'Contract Plan',
    tax_category: 'saas',
    price: {
      type: 'recurring_price',
      currency: 'USD',
      price: 1500,
      discount: 0,
      purchasing_power_parity: false,
      payment_frequency_count: 1,
      payment_frequency_interval: 'Month',
      subscription_period_count: 1,
      subscription_period_interval: 'Year',
    },
  });
  assert.match(product.product_id, /^pdt_/);
  assert.equal(product.is_recurring, true);
  assert.equal(product.price.price, 1500);
  state.product = product;
});

await check('list products across pages', async () => {
  const seen = new Set();
  // Page by page with the SDK's list(): its own next-page rule starts the
  // count at 1 and skips page 1 (dodo-api.md §3.11), so count here.
  for (let page_number = 0; ; page_number += 1) {
    const page = await client.products.list({ page_size: 2, page_number });
    for (const item of page.items) {
      assert.ok(!seen.has(item.product_id), `${item.product_id} on two pages`);
      seen.add(item.product_id);
    }
    if (page.items.length < 2) break;
  }
  assert.ok(seen.has(state.product.product_id), 'the new product is listed');
  assert.ok(seen.size >= 3, `only ${seen.size} products`);
  // The SDK's auto-pagination reaches the product too.
  let found = false;
  for await (const item of client.products.list({ page_size: 100 })) {
    if (item.product_id === state.product.product_id) found = true;
  }
  assert.ok(found);
});

await check('create a customer', async () => {
  const customer = await client.customers.create({ email: 'contract@example.com', name: 'Contract Çustomer' });
  assert.match(customer.customer_id, /^cus_/);
  assert.equal(customer.name, 'Contract Çustomer');
  state.customer = customer;
});

await check('create a checkout session', async () => {
  const session = await client.checkoutSessions.create({
    product_cart: [{ product_id: state.product.product_id, quantity: 1 }],
    customer: { customer_id: state.customer.customer_id },
    return_url: 'https://shop.example/return',
  });
  assert.match(session.session_id, /^cks_/);
  assert.ok(session.checkout_url.startsWith(baseURL));
  state.session = session;
});

await check('complete it (the sandbox, as a browser would)', async () => {
  const response = await fetch(`${baseURL}/_sandbox/checkouts/${state.session.session_id}/complete`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearerToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ card: '4242424242424242' }),
  });
  assert.equal(response.status, 200);
  const done = await response.json();
  assert.equal(done.status, 'succeeded');
  state.payment_id = done.payment_id;
  state.subscription_id = done.subscription_id;
  const status = await client.checkoutSessions.retrieve(state.session.session_id);
  assert.equal(status.payment_id, state.payment_id);
  assert.equal(status.payment_status, 'succeeded');
});

await check('retrieve the payment', async () => {
  const payment = await client.payments.retrieve(state.payment_id);
  assert.equal(payment.status, 'succeeded');
  assert.equal(payment.total_amount, 1500);
  assert.equal(payment.currency, 'USD');
  assert.equal(payment.customer.customer_id, state.customer.customer_id);
  assert.equal(payment.subscription_id, state.subscription_id);
  assert.deepEqual(payment.refunds, []);
});

await check('list and cancel the subscription', async () => {
  const page = await client.subscriptions.list({ customer_id: state.customer.customer_id });
  const sub = page.items.find((s) => s.subscription_id === state.subscription_id);
  assert.ok(sub, 'the subscription is listed');
  assert.equal(sub.status, 'active');
  const cancelled = await client.subscriptions.update(state.subscription_id, { status: 'cancelled' });
  assert.equal(cancelled.status, 'cancelled');
  assert.ok(cancelled.cancelled_at);
  const again = await client.subscriptions.retrieve(state.subscription_id);
  assert.equal(again.status, 'cancelled');
});

await check('refund', async () => {
  const refund = await client.refunds.create({ payment_id: state.payment_id, reason: 'Contract test' });
  assert.match(refund.refund_id, /^ref_/);
  assert.equal(refund.status, 'succeeded');
  assert.equal(refund.amount, 1500);
  assert.equal(refund.is_partial, false);
  const payment = await client.payments.retrieve(state.payment_id);
  assert.equal(payment.refunds.length, 1);
  state.refund = refund;
});

await check('download the invoice', async () => {
  for (const response of [await client.invoices.payments.retrieve(state.payment_id),
                          await client.invoices.payments.retrieveRefund(state.refund.refund_id)]) {
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(bytes.length > 1000);
  }
});

const { VERSION } = require('dodopayments/version');
console.log(`contract: all ${step} steps passed with dodopayments ${VERSION}`);
