// sign-webhook.mjs
//
// Copyright 2026 The Billing Desk authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Signs deliveries with the Standard Webhooks reference library (npm
// "standardwebhooks"), independently of bd-webhook.c.
//
//   node sign-webhook.mjs < deliveries.json
//
// stdin: [{"secret": "whsec_…", "id": "msg_…", "timestamp": SECONDS,
//          "body": "<raw body>"}, …]
// stdout: a JSON array of the webhook-signature values, in the same order.
// The library is found through NODE_PATH; exits 2 when it is missing.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let Webhook;
try {
  ({ Webhook } = require('standardwebhooks'));
} catch (error) {
  console.error(`standardwebhooks is not installed (NODE_PATH=${process.env.NODE_PATH ?? ''}): ${error.message}`);
  process.exit(2);
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const signatures = input.map((d) => new Webhook(d.secret).sign(d.id, new Date(d.timestamp * 1000), d.body));
console.log(JSON.stringify(signatures));
