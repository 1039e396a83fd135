/* bd-sandbox-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "bd-checkout-session.h"
#include "bd-product.h"
#include "bd-sandbox-server.h"

G_BEGIN_DECLS

/* What a route handler gets, and the replies it may give: shared by
 * bd-sandbox-server.c (dispatch), bd-sandbox-api.c (Dodo's routes) and
 * bd-sandbox-control.c (the /_sandbox/ routes). */

typedef struct
{
  BdSandboxServer    *server;
  BdSandboxState     *state;
  SoupServerMessage  *msg;
  const char         *method;
  char               *path;
  GPtrArray          *params;     /* (element-type utf8) path parameters, unescaped */
  GHashTable         *query;      /* (nullable) */
  JsonNode           *body;       /* parsed on first use */
} BdSandboxRequest;

typedef void (*BdSandboxHandler) (BdSandboxRequest *req);

typedef struct
{
  const char        *method;
  const char        *pattern;    /* "/payments/{payment_id}" */
  BdSandboxHandler   handler;
  gboolean           open;       /* no bearer key needed */
} BdSandboxRoute;

extern const BdSandboxRoute bd_sandbox_api_routes[];
extern const guint          bd_sandbox_n_api_routes;
extern const BdSandboxRoute bd_sandbox_control_routes[];
extern const guint          bd_sandbox_n_control_routes;

#define BD_HTTP_UNPROCESSABLE 422
#define BD_HTTP_TOO_MANY 429

/* Request */
const char *bd_sandbox_request_param   (BdSandboxRequest  *req,
                                        guint              index);
const char *bd_sandbox_request_query   (BdSandboxRequest  *req,
                                        const char        *name);
/* The body as a JSON object; replies 422 INVALID_REQUEST_BODY and returns
 * NULL when it is not one.  (transfer none) */
JsonObject *bd_sandbox_request_object  (BdSandboxRequest  *req);
/* page_size (1..100, default 10) and page_number (≥ 0); replies 422
 * INVALID_QUERY_PARAMS and returns FALSE when out of range. */
gboolean    bd_sandbox_request_page    (BdSandboxRequest  *req,
                                        guint             *page_number,
                                        guint             *page_size);
/* created_at_gte / created_at_lte; replies 422 when not RFC 3339. */
gboolean    bd_sandbox_request_created (BdSandboxRequest  *req,
                                        gint64            *gte,
                                        gint64            *lte);
/* A boolean query parameter: -1 when absent; replies 422 when not
 * true/false. */
gboolean    bd_sandbox_request_bool    (BdSandboxRequest  *req,
                                        const char        *name,
                                        int               *value);

/* Replies */
void        bd_sandbox_reply_json      (BdSandboxRequest  *req,
                                        guint              status,
                                        JsonNode          *node);
void        bd_sandbox_reply_model     (BdSandboxRequest  *req,
                                        guint              status,
                                        gpointer           model);
/* {"items": [...]} of BdModel objects. */
void        bd_sandbox_reply_items     (BdSandboxRequest  *req,
                                        GPtrArray         *models);
void        bd_sandbox_reply_empty     (BdSandboxRequest  *req,
                                        guint              status);
void        bd_sandbox_reply_error     (BdSandboxRequest  *req,
                                        guint              status,
                                        const char        *code,
                                        const char        *format,
                                        ...) G_GNUC_PRINTF (4, 5);
void        bd_sandbox_reply_not_found (BdSandboxRequest  *req,
                                        const char        *what,
                                        const char        *id);

/* Which stored objects a list shows, besides created_at. */
typedef gboolean (*BdSandboxFilter) (BdSandboxRequest *req,
                                     gpointer          model);

/* Answers a list route over a collection: newest first, created_at_gte/lte,
 * @filter (nullable), page_size/page_number. */
void        bd_sandbox_reply_collection (BdSandboxRequest *req,
                                         BdSandboxKind     kind,
                                         BdSandboxFilter   filter);

/* Who pays a checkout session and with what: the /complete route's body,
 * or the hosted page's form.  NULL members keep what the session has (the
 * card defaults to 4242 4242 4242 4242). */
typedef struct
{
  const char *card;
  const char *email;
  const char *name;
  const char *country;
} BdSandboxPayer;

/* bd-sandbox-control.c: pays checkout session @id.  Returns {payment_id,
 * status, subscription_id, redirect_url} (transfer full), or NULL after
 * replying with the error (404, 409 CHECKOUT_ALREADY_COMPLETED). */
JsonNode   *bd_sandbox_checkout_pay    (BdSandboxRequest     *req,
                                        const char           *id,
                                        const BdSandboxPayer *payer);

/* subscription_data.on_demand of a checkout body ({mandate_only,
 * product_price?}), (transfer none) NULL when absent; FALSE after a 422
 * when it is malformed.  A session keeps it for bd_sandbox_checkout_pay(). */
gboolean    bd_sandbox_request_on_demand      (BdSandboxRequest   *req,
                                               JsonObject        **on_demand);
void        bd_sandbox_checkout_set_on_demand (BdCheckoutSession  *session,
                                               JsonObject         *on_demand);
/* What cart line @item (a BdDodoCartItem of a checked cart) costs today:
 * its price or pay-what-you-want amount times its quantity; nothing for a
 * trial or an on-demand mandate; an on-demand product_price replaces the
 * price.  Checkout and its preview both count with this.  @out_product,
 * @out_price: (transfer none) */
gint64      bd_sandbox_cart_line_due    (BdSandboxState     *state,
                                         BdModel            *item,
                                         JsonObject         *on_demand,
                                         BdProduct         **out_product,
                                         const BdMoney     **out_price);

/* bd-sandbox-control.c: a member @name holding @value, or null. */
void        bd_sandbox_builder_add_string (JsonBuilder      *builder,
                                           const char       *name,
                                           const char       *value);

/* bd-sandbox-api.c: decodes the body as @type, or replies 422
 * INVALID_REQUEST_BODY naming the field and returns NULL.  (transfer full) */
gpointer    bd_sandbox_request_decode   (BdSandboxRequest   *req,
                                         GType               type);
/* Checks a checkout body's product_cart and customer_id (422
 * MISSING_PRODUCT_INFORMATION, PRODUCT_IS_DELETED, INVALID_REQUEST_BODY;
 * 404 for an unknown customer) and on_demand; FALSE after replying.
 * @on_demand: (out) (transfer none) (nullable) */
gboolean    bd_sandbox_check_checkout   (BdSandboxRequest   *req,
                                         BdModel            *request,
                                         JsonObject        **on_demand);

/* bd-sandbox-plans.c: change-plan and its preview, on-demand charges, the
 * customer portal, checkout preview and brands (dodo-api.md §2, §3.3). */
void        bd_sandbox_change_plan_route         (BdSandboxRequest *req);
void        bd_sandbox_change_plan_preview_route (BdSandboxRequest *req);
void        bd_sandbox_charge_route              (BdSandboxRequest *req);
void        bd_sandbox_portal_session_route      (BdSandboxRequest *req);
void        bd_sandbox_portal_page_route         (BdSandboxRequest *req);
void        bd_sandbox_checkout_preview_route    (BdSandboxRequest *req);
void        bd_sandbox_brands_route              (BdSandboxRequest *req);

/* The stats, as JSON; and resetting them.  (transfer full) */
JsonNode   *bd_sandbox_server_stats_to_json (BdSandboxServer *self);
void        bd_sandbox_server_reset_stats   (BdSandboxServer *self);

G_END_DECLS
