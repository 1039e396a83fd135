/* store-test.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bd-dodo-codec.h"
#include "bd-payment.h"
#include "bd-store-private.h"
#include "store-test.h"

char *
store_test_new_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-store-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, "cache.sqlite", NULL);
}

void
store_test_cleanup (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
append_string (GString    *s,
               const char *key,
               const char *value)
{
  /* Test strings need no escaping. */
  if (value != NULL)
    g_string_append_printf (s, ",\"%s\":\"%s\"", key, value);
}

char *
store_test_payment_json (const TestPayment *p)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (p->created);
  g_autofree char *when = g_date_time_format_iso8601 (created);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "{\"payment_id\":\"%s\",\"brand_id\":\"bus_1\","
                          "\"created_at\":\"%s\",\"total_amount\":%" G_GINT64_FORMAT ","
                          "\"currency\":\"%s\",\"metadata\":{},"
                          "\"digital_products_delivered\":false,\"customer\":{"
                          "\"customer_id\":\"cus_%s\",\"name\":\"%s\",\"email\":\"%s\"}",
                          p->id, when, p->amount, p->currency != NULL ? p->currency : "USD",
                          p->id, p->customer_name, p->customer_email);
  append_string (s, "status", p->status);
  append_string (s, "invoice_id", p->invoice_id);
  append_string (s, "subscription_id", p->subscription_id);
  if (p->product_id != NULL)
    g_string_append_printf (s, ",\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}]",
                            p->product_id);
  if (p->refunded > 0)
    g_string_append_printf (s, ",\"refund_status\":\"partial\",\"refunds\":[{"
                            "\"refund_id\":\"ref_%s\",\"payment_id\":\"%s\",\"business_id\":\"bus_1\","
                            "\"created_at\":\"%s\",\"is_partial\":true,\"status\":\"succeeded\","
                            "\"amount\":%" G_GINT64_FORMAT ",\"currency\":\"%s\"}]",
                            p->id, p->id, when, p->refunded,
                            p->currency != NULL ? p->currency : "USD");
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

char *
store_test_product_json (const char *id,
                         const char *name)
{
  return g_strdup_printf ("{\"product_id\":\"%s\",\"business_id\":\"bus_1\","
                          "\"created_at\":\"2026-01-01T00:00:00Z\","
                          "\"updated_at\":\"2026-01-01T00:00:00Z\",\"name\":\"%s\","
                          "\"is_recurring\":false,\"tax_category\":\"digital_products\","
                          "\"metadata\":{},\"price\":{\"type\":\"one_time_price\","
                          "\"price\":1000,\"currency\":\"USD\",\"discount\":0}}",
                          id, name);
}

char *
store_test_subscription_json (const char *id,
                              const char *product_id)
{
  return g_strdup_printf ("{\"subscription_id\":\"%s\",\"product_id\":\"%s\","
                          "\"brand_id\":\"bus_1\",\"status\":\"active\",\"quantity\":1,"
                          "\"recurring_pre_tax_amount\":900,\"currency\":\"USD\","
                          "\"tax_inclusive\":false,\"payment_frequency_count\":1,"
                          "\"payment_frequency_interval\":\"Month\","
                          "\"subscription_period_count\":1,"
                          "\"subscription_period_interval\":\"Year\",\"trial_period_days\":0,"
                          "\"created_at\":\"2026-01-01T00:00:00Z\","
                          "\"next_billing_date\":\"2026-02-01T00:00:00Z\","
                          "\"previous_billing_date\":\"2026-01-01T00:00:00Z\","
                          "\"cancel_at_next_billing_date\":false,\"on_demand\":false,"
                          "\"customer\":{\"customer_id\":\"cus_1\",\"name\":\"Ada\","
                          "\"email\":\"ada@example.com\"},\"billing\":{\"country\":\"US\"},"
                          "\"metadata\":{}}", id, product_id);
}

typedef struct
{
  BdModel    *model;
  const char *json;
} PutData;

static gboolean
put_one (BdStore  *store,
         gpointer  user_data,
         GError  **error)
{
  PutData *data = user_data;

  return bd_store_upsert (store, data->model, data->json, error);
}

void
store_test_put (BdStore    *store,
                GType       type,
                const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(BdModel) model = bd_dodo_decode_bytes (type, bytes, &error);
  PutData data = { model, json };

  g_assert_no_error (error);
  bd_store_write (store, put_one, &data, &error);
  g_assert_no_error (error);
}

void
store_test_put_payment (BdStore           *store,
                        const TestPayment *p)
{
  g_autofree char *json = store_test_payment_json (p);

  store_test_put (store, BD_TYPE_PAYMENT, json);
}

char *
store_test_payment_ids (BdQueryModel *model)
{
  GString *s = g_string_new (NULL);

  bd_query_model_finish_loading (model);
  g_assert_null (bd_query_model_get_error (model));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(BdModel) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, bd_model_get_string (item, "payment-id"));
    }
  return g_string_free (s, FALSE);
}

char *
store_test_column (BdStore    *store,
                   const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (bd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}
