/* bd-dodo-api.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-checkout-session.h"
#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-dodo-api.h"
#include "bd-dodo-codec.h"
#include "bd-dodo-pager.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-subscription.h"

/* Makes Dodo's answer regular before decoding: @object is the answer, or one
 * item of a list with @list the object that held the items (NULL for paged
 * lists). */
typedef void (*Fixup) (JsonObject *object,
                       JsonObject *list);

typedef struct
{
  BdDodoEndpointInfo info;
  Fixup              fixup;
  void             (*fix_body) (JsonObject *body);
} Endpoint;

/* GET /products items: the Price object is "price_detail", "price" a flat
 * amount (dodo-api.md §3.5). */
static void
fix_product_list_item (JsonObject *item,
                       JsonObject *list)
{
  JsonNode *detail = json_object_get_member (item, "price_detail");
  JsonNode *flat = json_object_get_member (item, "price");
  JsonNode *currency = json_object_get_member (item, "currency");
  JsonObject *price;

  if (detail != NULL && JSON_NODE_HOLDS_OBJECT (detail))
    {
      json_object_set_member (item, "price", json_node_copy (detail));
      json_object_remove_member (item, "price_detail");
      return;
    }

  /* No detail: what the flat members say, as a price without extras. */
  price = json_object_new ();
  json_object_set_string_member (price, "type",
                                 json_object_get_boolean_member_with_default (item, "is_recurring", FALSE)
                                 ? "recurring_price" : "one_time_price");
  json_object_set_int_member (price, "discount", 0);
  json_object_set_boolean_member (price, "purchasing_power_parity", FALSE);
  if (flat != NULL && JSON_NODE_HOLDS_VALUE (flat) && currency != NULL && JSON_NODE_HOLDS_VALUE (currency))
    {
      json_object_set_member (price, "price", json_node_copy (flat));
      json_object_set_member (price, "currency", json_node_copy (currency));
    }
  json_object_set_object_member (item, "price", price);
  json_object_remove_member (item, "price_detail");
}

/* POST /checkouts answers {session_id, checkout_url}. */
static void
fix_checkout_created (JsonObject *answer,
                      JsonObject *list)
{
  JsonNode *id = json_object_get_member (answer, "session_id");

  if (id != NULL && !json_object_has_member (answer, "id"))
    json_object_set_member (answer, "id", json_node_copy (id));
}

/* GET /payments/{id}/line-items: {currency, items}. */
static void
fix_line_item (JsonObject *item,
               JsonObject *list)
{
  JsonNode *currency = list != NULL ? json_object_get_member (list, "currency") : NULL;

  if (currency != NULL && !json_object_has_member (item, "currency"))
    json_object_set_member (item, "currency", json_node_copy (currency));
}

/* A Price requires discount and purchasing_power_parity, which a product
 * update leaves out when they are 0 and false (optional there, as the
 * whole price is). */
static void
fix_product_update (JsonObject *body)
{
  JsonNode *price = json_object_get_member (body, "price");
  JsonObject *object;

  if (price == NULL || !JSON_NODE_HOLDS_OBJECT (price))
    return;

  object = json_node_get_object (price);
  if (!json_object_has_member (object, "discount"))
    json_object_set_int_member (object, "discount", 0);
  if (!json_object_has_member (object, "purchasing_power_parity"))
    json_object_set_boolean_member (object, "purchasing_power_parity", FALSE);
}

#define CREATED "created_at_gte created_at_lte"
#define T(name) bd_##name##_get_type

#define ROW(method, path, body, answer_type, kind, query) \
  { { method, path, body, answer_type, BD_DODO_ANSWER_##kind, query }, NULL, NULL }
#define ROW_FIX(method, path, body, answer_type, kind, query, fixup, fix_body) \
  { { method, path, body, answer_type, BD_DODO_ANSWER_##kind, query }, fixup, fix_body }

static const Endpoint endpoints[] = {
  [BD_DODO_API_PRODUCT_LIST] =
    ROW_FIX ("GET", "/products",
             NULL, T (product), PAGES, "archived brand_id recurring", fix_product_list_item, NULL),
  [BD_DODO_API_PRODUCT_GET] =
    ROW ("GET", "/products/{id}", NULL, T (product), OBJECT, ""),
  [BD_DODO_API_PRODUCT_CREATE] =
    ROW ("POST", "/products", T (dodo_product_create), T (product), OBJECT, ""),
  [BD_DODO_API_PRODUCT_UPDATE] =
    ROW_FIX ("PATCH", "/products/{id}",
             T (dodo_product_update), NULL, NONE, "", NULL, fix_product_update),
  [BD_DODO_API_PRODUCT_ARCHIVE] =
    ROW ("DELETE", "/products/{id}", NULL, NULL, NONE, ""),
  [BD_DODO_API_PRODUCT_UNARCHIVE] =
    ROW ("POST", "/products/{id}/unarchive", NULL, NULL, NONE, ""),

  [BD_DODO_API_CUSTOMER_LIST] =
    ROW ("GET", "/customers", NULL, T (customer), PAGES, "email name " CREATED),
  [BD_DODO_API_CUSTOMER_GET] =
    ROW ("GET", "/customers/{customer_id}", NULL, T (customer), OBJECT, ""),
  [BD_DODO_API_CUSTOMER_CREATE] =
    ROW ("POST", "/customers", T (dodo_customer_create), T (customer), OBJECT, ""),
  [BD_DODO_API_CUSTOMER_UPDATE] =
    ROW ("PATCH", "/customers/{customer_id}", T (dodo_customer_update), T (customer), OBJECT, ""),
  [BD_DODO_API_CUSTOMER_PORTAL_SESSION] =
    ROW ("POST", "/customers/{customer_id}/customer-portal/session",
         NULL, T (dodo_portal_session), OBJECT, "send_email"),

  [BD_DODO_API_SUBSCRIPTION_LIST] =
    ROW ("GET", "/subscriptions",
         NULL, T (subscription), PAGES,
         "brand_id cancel_at_next_billing_date customer_id product_id status " CREATED),
  [BD_DODO_API_SUBSCRIPTION_GET] =
    ROW ("GET", "/subscriptions/{subscription_id}", NULL, T (subscription), OBJECT, ""),
  [BD_DODO_API_SUBSCRIPTION_UPDATE] =
    ROW ("PATCH", "/subscriptions/{subscription_id}",
         T (dodo_subscription_update), T (subscription), OBJECT, ""),
  [BD_DODO_API_SUBSCRIPTION_PAUSE] =
    ROW ("PATCH", "/subscriptions/{subscription_id}",
         T (dodo_subscription_pause), T (subscription), OBJECT, ""),
  [BD_DODO_API_SUBSCRIPTION_CANCEL_AT_NEXT_BILLING] =
    ROW ("PATCH", "/subscriptions/{subscription_id}",
         T (dodo_subscription_cancel_at_next_billing), T (subscription), OBJECT, ""),
  [BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN] =
    ROW ("POST", "/subscriptions/{subscription_id}/change-plan",
         T (dodo_change_plan), NULL, NONE, ""),
  [BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW] =
    ROW ("POST", "/subscriptions/{subscription_id}/change-plan/preview",
         T (dodo_change_plan), T (dodo_plan_change_preview), OBJECT, ""),
  [BD_DODO_API_SUBSCRIPTION_CHARGE] =
    ROW ("POST", "/subscriptions/{subscription_id}/charge",
         T (dodo_charge), T (dodo_charge_result), OBJECT, ""),
  [BD_DODO_API_SUBSCRIPTION_UPDATE_PAYMENT_METHOD] =
    ROW ("POST", "/subscriptions/{subscription_id}/update-payment-method",
         T (dodo_update_payment_method), T (dodo_payment_method_link), OBJECT, ""),

  [BD_DODO_API_PAYMENT_LIST] =
    ROW ("GET", "/payments",
         NULL, T (payment), PAGES,
         "brand_id currency customer_id product_id status subscription_id " CREATED),
  [BD_DODO_API_PAYMENT_GET] =
    ROW ("GET", "/payments/{payment_id}", NULL, T (payment), OBJECT, ""),
  [BD_DODO_API_PAYMENT_LINE_ITEMS] =
    ROW_FIX ("GET", "/payments/{payment_id}/line-items",
             NULL, T (dodo_payment_line_item), ITEMS, "", fix_line_item, NULL),
  [BD_DODO_API_PAYMENT_INVOICE] =
    ROW ("GET", "/invoices/payments/{payment_id}", NULL, NULL, FILE, ""),

  [BD_DODO_API_REFUND_LIST] =
    ROW ("GET", "/refunds", NULL, T (refund), PAGES, "customer_id status subscription_id " CREATED),
  [BD_DODO_API_REFUND_GET] =
    ROW ("GET", "/refunds/{refund_id}", NULL, T (refund), OBJECT, ""),
  [BD_DODO_API_REFUND_CREATE] =
    ROW ("POST", "/refunds", T (dodo_refund_create), T (refund), OBJECT, ""),
  [BD_DODO_API_REFUND_INVOICE] =
    ROW ("GET", "/invoices/refunds/{refund_id}", NULL, NULL, FILE, ""),

  [BD_DODO_API_DISPUTE_LIST] =
    ROW ("GET", "/disputes",
         NULL, T (dispute), PAGES, "customer_id dispute_stage dispute_status " CREATED),
  [BD_DODO_API_DISPUTE_GET] =
    ROW ("GET", "/disputes/{dispute_id}", NULL, T (dispute), OBJECT, ""),

  [BD_DODO_API_CHECKOUT_CREATE] =
    ROW_FIX ("POST", "/checkouts",
             T (dodo_checkout_create), T (checkout_session), OBJECT,
             "", fix_checkout_created, NULL),
  [BD_DODO_API_CHECKOUT_GET] =
    ROW ("GET", "/checkouts/{id}", NULL, T (checkout_session), OBJECT, ""),
  [BD_DODO_API_CHECKOUT_PREVIEW] =
    ROW ("POST", "/checkouts/preview",
         T (dodo_checkout_create), T (dodo_checkout_preview), OBJECT, ""),

  [BD_DODO_API_WEBHOOK_LIST] =
    ROW ("GET", "/webhooks", NULL, T (dodo_webhook_endpoint), CURSOR, ""),
  [BD_DODO_API_WEBHOOK_CREATE] =
    ROW ("POST", "/webhooks", T (dodo_webhook_create), T (dodo_webhook_endpoint), OBJECT, ""),
  [BD_DODO_API_WEBHOOK_GET] =
    ROW ("GET", "/webhooks/{webhook_id}", NULL, T (dodo_webhook_endpoint), OBJECT, ""),
  [BD_DODO_API_WEBHOOK_DELETE] =
    ROW ("DELETE", "/webhooks/{webhook_id}", NULL, NULL, NONE, ""),
  [BD_DODO_API_WEBHOOK_SECRET] =
    ROW ("GET", "/webhooks/{webhook_id}/secret", NULL, T (dodo_webhook_secret), OBJECT, ""),

  [BD_DODO_API_BRAND_LIST] =
    ROW ("GET", "/brands", NULL, T (dodo_brand), ITEMS, "include_archived"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (endpoints) == BD_DODO_API_N_ENDPOINTS);

#undef ROW
#undef ROW_FIX
#undef CREATED
#undef T

static const Endpoint *
lookup (BdDodoApiEndpoint endpoint)
{
  g_return_val_if_fail ((guint) endpoint < BD_DODO_API_N_ENDPOINTS, NULL);
  g_return_val_if_fail (endpoints[endpoint].info.method != NULL, NULL);

  return &endpoints[endpoint];
}

const BdDodoEndpointInfo *
bd_dodo_endpoint_get_info (BdDodoApiEndpoint endpoint)
{
  const Endpoint *e = lookup (endpoint);

  return e != NULL ? &e->info : NULL;
}

/* The path with @id escaped into its "{…}", or NULL if @id does not fit
 * the template (missing, or given for a path without one). */
static char *
build_path (const Endpoint *e,
            const char     *id)
{
  const char *path = e->info.path;
  const char *open = strchr (path, '{');
  g_autofree char *escaped = NULL;

  if (open == NULL)
    return id == NULL ? g_strdup (path) : NULL;
  if (id == NULL || id[0] == '\0')
    return NULL;

  escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strdup_printf ("%.*s%s%s", (int) (open - path), path, escaped, strchr (open, '}') + 1);
}

static gboolean
has_word (const char *words,
          const char *word)
{
  gsize len = strlen (word);

  for (const char *p = strstr (words, word); p != NULL; p = strstr (p + 1, word))
    if ((p == words || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
      return TRUE;

  return FALSE;
}

/* Catches a misspelt filter at the call site rather than as a 400. */
static gboolean
query_fits (const Endpoint *e,
            GHashTable     *query)
{
  GHashTableIter iter;
  gpointer key;

  if (query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!has_word (e->info.query, key))
      {
        g_critical ("%s %s takes no query parameter %s", e->info.method, e->info.path, (char *) key);
        return FALSE;
      }

  return TRUE;
}

static gboolean
body_fits (const Endpoint *e,
           gpointer        body)
{
  if (e->info.body_type == NULL)
    return body == NULL;

  return body != NULL && G_TYPE_CHECK_INSTANCE_TYPE (body, e->info.body_type ());
}

gboolean
bd_dodo_endpoint_match (const char         *method,
                        const char         *path,
                        BdDodoApiEndpoint  *out_endpoint,
                        char              **out_id)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (method != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  parts = g_strsplit (path, "/", -1);

  for (guint e = 0; e < BD_DODO_API_N_ENDPOINTS; e++)
    {
      g_auto(GStrv) pattern = NULL;
      const char *id = NULL;
      gboolean same;

      if (!g_str_equal (method, endpoints[e].info.method))
        continue;

      pattern = g_strsplit (endpoints[e].info.path, "/", -1);
      same = g_strv_length (pattern) == g_strv_length (parts);
      for (guint i = 0; same && pattern[i] != NULL; i++)
        {
          if (pattern[i][0] == '{')
            same = (id = parts[i])[0] != '\0';
          else
            same = g_str_equal (pattern[i], parts[i]);
        }

      if (!same)
        continue;

      if (out_endpoint != NULL)
        *out_endpoint = e;
      if (out_id != NULL)
        *out_id = id != NULL ? g_uri_unescape_string (id, NULL) : NULL;
      return TRUE;
    }

  return FALSE;
}

/* Query parameters */

GHashTable *
bd_dodo_query_new (const char *first_name,
                   ...)
{
  GHashTable *query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        g_hash_table_replace (query, g_strdup (name), g_strdup (value));
    }
  va_end (args);

  return query;
}

void
bd_dodo_query_set_boolean (GHashTable *query,
                           const char *name,
                           gboolean    value)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (name != NULL);

  g_hash_table_replace (query, g_strdup (name), g_strdup (value ? "true" : "false"));
}

static void
set_time (GHashTable *query,
          const char *name,
          GDateTime  *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return;

  utc = g_date_time_to_utc (time);
  g_hash_table_replace (query, g_strdup (name), g_date_time_format_iso8601 (utc));
}

void
bd_dodo_query_set_created_range (GHashTable *query,
                                 GDateTime  *from,
                                 GDateTime  *to)
{
  g_return_if_fail (query != NULL);

  set_time (query, "created_at_gte", from);
  set_time (query, "created_at_lte", to);
}

/* Calls */

/* Decodes @node (an object, else the codec says what is wrong) as @e's
 * answer type, after the endpoint's fixup.  (transfer full) */
static gpointer
decode_object (const Endpoint  *e,
               JsonNode        *node,
               JsonObject      *list,
               GError         **error)
{
  gpointer object;

  if (e->fixup != NULL && JSON_NODE_HOLDS_OBJECT (node))
    e->fixup (json_node_get_object (node), list);

  object = bd_dodo_decode (e->info.answer_type (), node, error);
  if (object == NULL)
    g_prefix_error (error, _("Dodo Payments sent an answer Billing Desk cannot read: "));

  return object;
}

static void
on_call_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const Endpoint *e = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  gpointer answer;

  if (!(node = bd_dodo_client_request_finish (BD_DODO_CLIENT (object), result, &error)))
    g_task_return_error (task, error);
  else if (e->info.answer == BD_DODO_ANSWER_NONE)
    g_task_return_pointer (task, NULL, NULL);
  else if (!(answer = decode_object (e, node, NULL, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, g_object_unref);
}

void
bd_dodo_api_call_async (BdDodoClient        *client,
                        BdDodoApiEndpoint    endpoint,
                        const char          *id,
                        gpointer             body,
                        GHashTable          *query,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  const Endpoint *e = lookup (endpoint);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BD_IS_DODO_CLIENT (client));
  g_return_if_fail (e != NULL);
  g_return_if_fail (e->info.answer == BD_DODO_ANSWER_NONE || e->info.answer == BD_DODO_ANSWER_OBJECT);
  g_return_if_fail (body_fits (e, body));
  g_return_if_fail (query_fits (e, query));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = build_path (e, id);
  g_return_if_fail (path != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_dodo_api_call_async);
  g_task_set_task_data (task, (gpointer) e, NULL);

  if (body != NULL)
    {
      node = bd_dodo_encode (body);
      if (e->fix_body != NULL)
        e->fix_body (json_node_get_object (node));
    }

  bd_dodo_client_request_async (client, e->info.method, path, query, node,
                                cancellable, on_call_done, g_steal_pointer (&task));
}

gboolean
bd_dodo_api_call_finish (BdDodoClient  *client,
                         GAsyncResult  *result,
                         gpointer      *out_object,
                         GError       **error)
{
  g_autoptr(GObject) object = NULL;

  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_dodo_api_call_async, FALSE);

  object = g_task_propagate_pointer (G_TASK (result), error);
  if (g_task_had_error (G_TASK (result)))
    return FALSE;

  if (out_object != NULL)
    *out_object = g_steal_pointer (&object);

  return TRUE;
}

void
bd_dodo_api_download_async (BdDodoClient        *client,
                            BdDodoApiEndpoint    endpoint,
                            const char          *id,
                            GFile               *destination,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  const Endpoint *e = lookup (endpoint);
  g_autofree char *path = NULL;

  g_return_if_fail (BD_IS_DODO_CLIENT (client));
  g_return_if_fail (e != NULL && e->info.answer == BD_DODO_ANSWER_FILE);
  g_return_if_fail (G_IS_FILE (destination));

  path = build_path (e, id);
  g_return_if_fail (path != NULL);

  bd_dodo_client_download_async (client, path, destination, cancellable, callback, user_data);
}

gboolean
bd_dodo_api_download_finish (BdDodoClient  *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), FALSE);

  return bd_dodo_client_download_finish (client, result, error);
}

static void
on_payment_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(BdPayment) payment = NULL;
  GError *error = NULL;

  if (!bd_dodo_api_call_finish (BD_DODO_CLIENT (object), result, (gpointer *) &payment, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (bd_model_get_list (payment, "refunds")), g_object_unref);
}

void
bd_dodo_api_find_refunds_for_payment_async (BdDodoClient        *client,
                                            const char          *payment_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (BD_IS_DODO_CLIENT (client));
  g_return_if_fail (payment_id != NULL && payment_id[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_dodo_api_find_refunds_for_payment_async);

  /* GET /refunds has no payment_id filter; the payment lists its refunds. */
  bd_dodo_api_call_async (client, BD_DODO_API_PAYMENT_GET, payment_id, NULL, NULL,
                          cancellable, on_payment_read, task);
}

GListModel *
bd_dodo_api_find_refunds_for_payment_finish (BdDodoClient  *client,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), NULL);
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        bd_dodo_api_find_refunds_for_payment_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Lister */

struct _BdDodoLister
{
  GObject         parent_instance;

  BdDodoClient   *client;
  const Endpoint *endpoint;
  char           *path;
  GHashTable     *query;
  guint           page_size;
  BdDodoPager    *pager;          /* PAGES */
  char           *iterator;       /* CURSOR: where the next page starts */
  gboolean        done;           /* ITEMS, CURSOR */
  gboolean        mark_archived;  /* products listed with archived=true */
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (BdDodoLister, bd_dodo_lister, G_TYPE_OBJECT)

static void
bd_dodo_lister_finalize (GObject *object)
{
  BdDodoLister *self = BD_DODO_LISTER (object);

  g_clear_object (&self->client);
  g_clear_object (&self->pager);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->iterator, g_free);

  G_OBJECT_CLASS (bd_dodo_lister_parent_class)->finalize (object);
}

static void
bd_dodo_lister_class_init (BdDodoListerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_dodo_lister_finalize;
}

static void
bd_dodo_lister_init (BdDodoLister *self)
{
  self->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

BdDodoLister *
bd_dodo_lister_new (BdDodoClient      *client,
                    BdDodoApiEndpoint  endpoint,
                    const char        *id,
                    GHashTable        *query,
                    guint              page_size)
{
  const Endpoint *e = lookup (endpoint);
  BdDodoLister *self;
  g_autofree char *path = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), NULL);
  g_return_val_if_fail (e != NULL, NULL);
  g_return_val_if_fail (e->info.answer == BD_DODO_ANSWER_PAGES ||
                        e->info.answer == BD_DODO_ANSWER_ITEMS ||
                        e->info.answer == BD_DODO_ANSWER_CURSOR, NULL);
  g_return_val_if_fail (query_fits (e, query), NULL);

  path = build_path (e, id);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BD_DODO_TYPE_LISTER, NULL);
  self->client = g_object_ref (client);
  self->endpoint = e;
  self->path = g_steal_pointer (&path);
  self->page_size = CLAMP (page_size, 1, BD_DODO_MAX_PAGE_SIZE);

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (self->query, g_strdup (key), g_strdup (value));
    }

  if (e->info.answer == BD_DODO_ANSWER_PAGES)
    self->pager = bd_dodo_pager_new (client, self->path, self->query, self->page_size);
  else if (e->info.answer == BD_DODO_ANSWER_CURSOR)
    g_hash_table_replace (self->query, g_strdup ("limit"), g_strdup_printf ("%u", self->page_size));

  self->mark_archived = endpoint == BD_DODO_API_PRODUCT_LIST &&
                        g_strcmp0 (g_hash_table_lookup (self->query, "archived"), "true") == 0;

  return self;
}

gboolean
bd_dodo_lister_is_done (BdDodoLister *self)
{
  g_return_val_if_fail (BD_DODO_IS_LISTER (self), TRUE);

  return self->pager != NULL ? bd_dodo_pager_is_done (self->pager) : self->done;
}

/* Decodes one page's @array (items of @list, if not paged) into @task. */
static void
return_items (GTask      *task,
              JsonArray  *array,
              JsonObject *list)
{
  BdDodoLister *self = g_task_get_source_object (task);
  const Endpoint *e = self->endpoint;
  GPtrArray *items;
  GError *error = NULL;

  if (json_array_get_length (array) == 0)
    {
      self->done = TRUE;
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  for (guint i = 0; e->fixup != NULL && i < json_array_get_length (array); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      e->fixup (json_array_get_object_element (array, i), list);

  if (!(items = bd_dodo_decode_array (e->info.answer_type (), array, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; self->mark_archived && i < items->len; i++)
    bd_model_set (items->pdata[i], "archived", TRUE, NULL);

  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdDodoLister *self = g_task_get_source_object (task);
  g_autoptr(JsonArray) array = NULL;
  GError *error = NULL;

  self->busy = FALSE;

  if ((array = bd_dodo_pager_next_finish (BD_DODO_PAGER (object), result, &error)))
    return_items (task, array, NULL);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, NULL, NULL);
}

/* An un-paged {items} list, or one page of the {data, done, iterator}
 * cursor list. */
static void
on_list (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdDodoLister *self = g_task_get_source_object (task);
  gboolean cursor = self->endpoint->info.answer == BD_DODO_ANSWER_CURSOR;
  const char *member = cursor ? "data" : "items";
  g_autoptr(JsonNode) node = NULL;
  JsonObject *list;
  JsonNode *items;
  GError *error = NULL;

  self->busy = FALSE;

  if (!(node = bd_dodo_client_request_finish (BD_DODO_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  list = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  items = list != NULL ? json_object_get_member (list, member) : NULL;
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_task_return_new_error (task, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
                               _("Dodo Payments sent a list without “%s” (%s)"),
                               member, self->path);
      return;
    }

  if (cursor)
    {
      const char *next = json_object_get_string_member_with_default (list, "iterator", NULL);

      g_free (self->iterator);
      self->iterator = g_strdup (next);
      self->done = json_object_get_boolean_member_with_default (list, "done", TRUE) || next == NULL;
    }
  else
    {
      self->done = TRUE;
    }

  return_items (task, json_node_get_array (items), list);
}

void
bd_dodo_lister_next_async (BdDodoLister        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_DODO_IS_LISTER (self));
  g_return_if_fail (!self->busy);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_dodo_lister_next_async);

  if (bd_dodo_lister_is_done (self))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  self->busy = TRUE;

  if (self->pager != NULL)
    {
      bd_dodo_pager_next_async (self->pager, cancellable, on_page, g_steal_pointer (&task));
      return;
    }

  if (self->iterator != NULL)
    g_hash_table_replace (self->query, g_strdup ("iterator"), g_strdup (self->iterator));

  bd_dodo_client_request_async (self->client, "GET", self->path, self->query, NULL,
                                cancellable, on_list, g_steal_pointer (&task));
}

GPtrArray *
bd_dodo_lister_next_finish (BdDodoLister  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (BD_DODO_IS_LISTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_dodo_lister_next_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
