/* bd-dodo-api.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-dodo-client.h"
#include "bd-dodo-requests.h"

G_BEGIN_DECLS

/*
 * The Dodo Payments endpoints Billing Desk uses (dodo-api.md §2), as one
 * table (bd-dodo-api.c) run by a small generic engine on top of
 * BdDodoClient, so there is one async/finish pair for all of them:
 *
 *   bd_dodo_api_call_async ()   an endpoint answering one object, or nothing
 *   BdDodoLister                a list endpoint, one page per request, only
 *                               when asked (page numbers, a cursor, or the
 *                               single page of an un-paged {items} list)
 *   bd_dodo_api_download_async () an invoice PDF, streamed into a file
 *
 * Each endpoint names its method, its path with at most one "{…}" for the
 * id (escaped here), the BdModel type of its body and of its answer, and
 * the query parameters it takes.  Answers are decoded with the codec into
 * core's models (BdPayment, BdProduct, …) or the small answer types of
 * bd-dodo-requests.h.  Dodo's irregular answers are normalised first:
 *   - GET /products items carry the Price under "price_detail" and a flat
 *     integer "price": the object is moved to "price" (an item without one
 *     gets a one-time/recurring price built from the flat amount), and with
 *     the filter archived=true every product is marked "archived";
 *   - POST /checkouts answers {session_id, checkout_url}: "session_id" is
 *     BdCheckoutSession's "id";
 *   - GET /payments/{id}/line-items has the currency on the list: each item
 *     gets it, so its amounts are money;
 *   - GET /webhooks is a cursor list {data, done, iterator}.
 *
 * Writes go through the client's rules: never retried once they may have
 * reached the server.  After bd_dodo_error_is_ambiguous_write() on
 * BD_DODO_API_REFUND_CREATE, do not send it again blindly: call
 * bd_dodo_api_find_refunds_for_payment_async() and look for the refund
 * (GET /refunds cannot filter by payment, so this reads the payment, whose
 * "refunds" lists every refund made for it).  A webhook create can carry an
 * "idempotency-key" instead.
 */

typedef enum
{
  BD_DODO_API_PRODUCT_LIST,                     /* archived, brand_id, recurring */
  BD_DODO_API_PRODUCT_GET,
  BD_DODO_API_PRODUCT_CREATE,                   /* BdDodoProductCreate → BdProduct */
  BD_DODO_API_PRODUCT_UPDATE,                   /* BdDodoProductUpdate → nothing: GET it again */
  BD_DODO_API_PRODUCT_ARCHIVE,                  /* DELETE */
  BD_DODO_API_PRODUCT_UNARCHIVE,

  BD_DODO_API_CUSTOMER_LIST,                    /* email, name, created_at_gte/lte */
  BD_DODO_API_CUSTOMER_GET,
  BD_DODO_API_CUSTOMER_CREATE,
  BD_DODO_API_CUSTOMER_UPDATE,
  BD_DODO_API_CUSTOMER_PORTAL_SESSION,          /* query send_email → BdDodoPortalSession */

  BD_DODO_API_SUBSCRIPTION_LIST,                /* status, customer_id, product_id, brand_id,
                                                   cancel_at_next_billing_date, created_at_gte/lte */
  BD_DODO_API_SUBSCRIPTION_GET,
  BD_DODO_API_SUBSCRIPTION_UPDATE,              /* BdDodoSubscriptionUpdate: cancel now (status
                                                   "cancelled"), metadata, next billing date … */
  BD_DODO_API_SUBSCRIPTION_PAUSE,               /* BdDodoSubscriptionPause: pause or resume */
  BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING, /* schedule or undo the cancel */
  BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN,         /* BdDodoChangePlan → nothing */
  BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW, /* → BdDodoPlanChangePreview */
  BD_DODO_API_SUBSCRIPTION_CHARGE,              /* BdDodoCharge → BdDodoChargeResult */
  BD_DODO_API_SUBSCRIPTION_UPDATE_PAYMENT_METHOD, /* BdDodoUpdatePaymentMethod →
                                                     BdDodoPaymentMethodLink */

  BD_DODO_API_PAYMENT_LIST,                     /* status, customer_id, subscription_id, product_id,
                                                   brand_id, currency, created_at_gte/lte */
  BD_DODO_API_PAYMENT_GET,
  BD_DODO_API_PAYMENT_LINE_ITEMS,               /* un-paged list of BdDodoPaymentLineItem */
  BD_DODO_API_PAYMENT_INVOICE,                  /* PDF */

  BD_DODO_API_REFUND_LIST,                      /* status, customer_id, subscription_id,
                                                   created_at_gte/lte */
  BD_DODO_API_REFUND_GET,
  BD_DODO_API_REFUND_CREATE,                    /* BdDodoRefundCreate → BdRefund */
  BD_DODO_API_REFUND_INVOICE,                   /* PDF (credit note) */

  BD_DODO_API_DISPUTE_LIST,                     /* dispute_stage, dispute_status, customer_id,
                                                   created_at_gte/lte */
  BD_DODO_API_DISPUTE_GET,

  BD_DODO_API_CHECKOUT_CREATE,                  /* BdDodoCheckoutCreate → BdCheckoutSession */
  BD_DODO_API_CHECKOUT_GET,                     /* → BdCheckoutSession with its status */
  BD_DODO_API_CHECKOUT_PREVIEW,                 /* BdDodoCheckoutCreate → BdDodoCheckoutPreview */

  BD_DODO_API_WEBHOOK_LIST,                     /* cursor list of BdDodoWebhookEndpoint */
  BD_DODO_API_WEBHOOK_CREATE,                   /* BdDodoWebhookCreate → BdDodoWebhookEndpoint */
  BD_DODO_API_WEBHOOK_GET,
  BD_DODO_API_WEBHOOK_DELETE,
  BD_DODO_API_WEBHOOK_SECRET,                   /* → BdDodoWebhookSecret */

  BD_DODO_API_BRAND_LIST,                       /* un-paged list of BdDodoBrand; include_archived */

  BD_DODO_API_N_ENDPOINTS
} BdDodoApiEndpoint;

typedef enum
{
  BD_DODO_ANSWER_NONE,    /* an empty 200 */
  BD_DODO_ANSWER_OBJECT,  /* one object of answer_type */
  BD_DODO_ANSWER_PAGES,   /* {items}, paged by page_size/page_number */
  BD_DODO_ANSWER_ITEMS,   /* {items}, un-paged */
  BD_DODO_ANSWER_CURSOR,  /* {data, done, iterator}, paged by limit/iterator */
  BD_DODO_ANSWER_FILE,    /* bytes (PDF) */
} BdDodoAnswer;

typedef struct
{
  const char    *method;
  const char    *path;          /* "/payments/{payment_id}": at most one {…} */
  GType        (*body_type) (void);    /* NULL: no body */
  GType        (*answer_type) (void);  /* the object or item type; NULL: none */
  BdDodoAnswer   answer;
  const char    *query;         /* the parameters it takes, space-separated,
                                   besides the paging ones */
} BdDodoEndpointInfo;

/* (transfer none) */
const BdDodoEndpointInfo *bd_dodo_endpoint_get_info (BdDodoApiEndpoint endpoint);

/* For the sandbox: which endpoint serves @method on @path (escaped, no
 * query), and its unescaped id.  Several endpoints share PATCH
 * /subscriptions/{id}; the first, BD_DODO_API_SUBSCRIPTION_UPDATE, whose body
 * type knows every member, is returned.  @out_id: (out) (optional)
 * (transfer full) */
gboolean  bd_dodo_endpoint_match            (const char        *method,
                                             const char        *path,
                                             BdDodoApiEndpoint *out_endpoint,
                                             char             **out_id);

/* Query parameters.  bd_dodo_query_new() takes pairs of a name and a value,
 * then NULL; a NULL value is left out, so optional filters pass straight
 * through.  The range is created_at_gte/created_at_lte in RFC 3339 UTC;
 * either end may be NULL.  (transfer full) (element-type utf8 utf8) */
GHashTable *bd_dodo_query_new               (const char      *first_name,
                                             ...) G_GNUC_NULL_TERMINATED;
void        bd_dodo_query_set_boolean       (GHashTable      *query,
                                             const char      *name,
                                             gboolean         value);
void        bd_dodo_query_set_created_range (GHashTable      *query,
                                             GDateTime       *from,
                                             GDateTime       *to);

/* Calls an endpoint answering an object or nothing.  @id: the path's id,
 * NULL if it has none.  @body: an instance of the endpoint's body type, or
 * NULL if it takes none.  @query: (nullable) (element-type utf8 utf8).
 *
 * Finish sets @out_object (optional) to the decoded answer, a new object of
 * the endpoint's answer type (transfer full), or NULL when the endpoint
 * answers nothing.  Errors: those of bd_dodo_client_request_finish(); an
 * answer that does not decode is BD_DODO_ERROR_BAD_RESPONSE. */
void      bd_dodo_api_call_async            (BdDodoClient         *client,
                                             BdDodoApiEndpoint     endpoint,
                                             const char           *id,
                                             gpointer              body,
                                             GHashTable           *query,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  bd_dodo_api_call_finish           (BdDodoClient         *client,
                                             GAsyncResult         *result,
                                             gpointer             *out_object,
                                             GError              **error);

/* Streams an invoice (BD_DODO_API_PAYMENT_INVOICE, BD_DODO_API_REFUND_INVOICE)
 * into @destination, replacing it only once complete. */
void      bd_dodo_api_download_async        (BdDodoClient         *client,
                                             BdDodoApiEndpoint     endpoint,
                                             const char           *id,
                                             GFile                *destination,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  bd_dodo_api_download_finish       (BdDodoClient         *client,
                                             GAsyncResult         *result,
                                             GError              **error);

/* The refunds made for @payment_id, read back after an ambiguous
 * BD_DODO_API_REFUND_CREATE (see above).  Finish returns a GListModel of
 * BdRefund (transfer full), empty if there are none. */
void        bd_dodo_api_find_refunds_for_payment_async  (BdDodoClient         *client,
                                                         const char           *payment_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GListModel *bd_dodo_api_find_refunds_for_payment_finish (BdDodoClient         *client,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* A list endpoint (PAGES, ITEMS or CURSOR), walked one request per call to
 * next: nothing is fetched until asked.  @page_size: for paged lists,
 * clamped to 1‥100 (ignored by un-paged ones). */
#define BD_DODO_TYPE_LISTER (bd_dodo_lister_get_type ())
G_DECLARE_FINAL_TYPE (BdDodoLister, bd_dodo_lister, BD_DODO, LISTER, GObject)

BdDodoLister *bd_dodo_lister_new            (BdDodoClient         *client,
                                             BdDodoApiEndpoint     endpoint,
                                             const char           *id,
                                             GHashTable           *query,
                                             guint                 page_size);
gboolean      bd_dodo_lister_is_done        (BdDodoLister         *self);

/* One fetch at a time.  Finish returns the next page's objects, of the
 * endpoint's answer type (transfer full) (element-type BdModel), or NULL
 * without an error at the end.  A failed page can be asked for again. */
void          bd_dodo_lister_next_async     (BdDodoLister         *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray    *bd_dodo_lister_next_finish    (BdDodoLister         *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
