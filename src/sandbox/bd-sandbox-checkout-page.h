/* bd-sandbox-checkout-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-sandbox-private.h"

G_BEGIN_DECLS

/* The hosted checkout page that a session's checkout_url opens: plain
 * server-rendered HTML with a little inline CSS and no script, which works
 * in any browser.  It shows the cart and its total and asks for e-mail,
 * name, country, card number, expiry and CVC; a form POST to the same URL
 * checks them (Luhn, an expiry date not in the past by sandbox time) and
 * pays the session with bd_sandbox_checkout_pay(), then redirects (303) to
 * the session's return_url with payment_id or subscription_id and status,
 * as Dodo does.  No API key: the session id is the capability. */

/* GET and POST /_sandbox/checkout/{id} */
void      bd_sandbox_checkout_page_get   (BdSandboxRequest *req);
void      bd_sandbox_checkout_page_post  (BdSandboxRequest *req);

/* The Luhn check over the digits of @number (spaces and dashes allowed):
 * FALSE for anything else or fewer than 12 digits. */
gboolean  bd_sandbox_card_number_valid   (const char       *number);

G_END_DECLS
