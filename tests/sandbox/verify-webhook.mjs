// verify-webhook.mjs
//
// Copyright 2026 The Billing Desk authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Checks one webhook delivery with the Standard Webhooks reference library
// (npm "standardwebhooks"), independently of bd-webhook.c.
//
//   node verify-webhook.mjs [FILE]
//
// FILE (or stdin when absent or "-") is JSON:
//   {"secret": "whsec_…", "headers": {"webhook-id": …, "webhook-timestamp": …,
//    "webhook-signature": …}, "body": "<the raw body, exactly as received>"}
//
// The library is found through NODE_PATH (an npm prefix's node_modules).
// Prints "verified <type>" and exits 0, or prints the error and exits 1;
// exits 2 when the library is missing.

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

const path = process.argv[2];
const input = JSON.parse(readFileSync(path === undefined || path === '-' ? 0 : path, 'utf8'));

try {
  const payload = new Webhook(input.secret).verify(input.body, input.headers);
  console.log(`verified ${payload.type}`);
} catch (error) {
  console.error(`not verified: ${error.message}`);
  process.exit(1);
}
