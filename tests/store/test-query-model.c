/* test-query-model.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-dodo-codec.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-query-model.h"
#include "bd-store-private.h"
#include "store-test.h"

#define DAY (24 * 3600)
#define T0 1767225600  /* 2026-01-01 */

static const TestPayment people[] = {
  { "pay_9f2a11", "Zoë Martin", "zoe.martin@example.com", "succeeded", "EUR", 1500, T0 + 1 * DAY, "pdt_pro", "inv_0001", NULL, 0 },
  { "pay_9f2a22", "Jürgen Becker", "juergen@beispiel.de", "succeeded", "EUR", 9900, T0 + 2 * DAY, "pdt_icons", "inv_0002", NULL, 0 },
  { "pay_7c0b33", "Jane Doe", "jane@example.com", "failed", "USD", 500, T0 + 3 * DAY, "pdt_pro", "inv_0003", "sub_42", 0 },
  { "pay_7c0b44", "Liam O'Neil", "liam@example.ie", "succeeded", "USD", 2500, T0 + 4 * DAY, "pdt_course", "inv_0004", NULL, 200 },
  { "pay_5d0c55", "Jurgen Smith", "js@example.com", "processing", "GBP", 700, T0 + 5 * DAY, NULL, NULL, NULL, 0 },
  { "pay_5d0c66", "Ana \\\"Quote\\\" Lima", "ana@example.com", "succeeded", "USD", 12000, T0 + 6 * DAY, "pdt_icons", "inv_0006", "sub_42", 0 },
};

typedef struct
{
  char         *path;
  BdStore      *writer;
  BdStore      *reader;
  BdQueryModel *model;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *products[][2] = {
    { "pdt_pro", "Pro plan" }, { "pdt_icons", "Icon pack" }, { "pdt_course", "Video course" },
  };

  f->path = store_test_new_path ();
  f->writer = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->reader = bd_store_open (f->path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autofree char *json = store_test_product_json (products[i][0], products[i][1]);

      store_test_put (f->writer, BD_TYPE_PRODUCT, json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    store_test_put_payment (f->writer, &people[i]);

  f->model = bd_query_model_new (f->reader, "payments");
  bd_query_model_finish_loading (f->model);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->model);
  g_clear_object (&f->reader);
  g_clear_object (&f->writer);
  store_test_cleanup (f->path);
  g_free (f->path);
}

static void
assert_search (BdQueryModel *model,
               const char   *text,
               const char   *expected)
{
  g_autofree char *found = NULL;

  bd_query_model_set_search (model, text);
  found = store_test_payment_ids (model);
  if (g_strcmp0 (found, expected) != 0)
    g_error ("search “%s”: expected “%s”, got “%s”", text, expected, found);
}

static void
test_default_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *all = store_test_payment_ids (f->model);

  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (f->model)), ==, BD_TYPE_PAYMENT);
  g_assert_cmpstr (all, ==, "pay_5d0c66 pay_5d0c55 pay_7c0b44 pay_7c0b33 pay_9f2a22 pay_9f2a11");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  /* Ids by prefix, with and without the "pay_" part. */
  assert_search (f->model, "pay_9f2a", "pay_9f2a22 pay_9f2a11");
  assert_search (f->model, "7c0b4", "pay_7c0b44");
  assert_search (f->model, "inv_0003", "pay_7c0b33");
  assert_search (f->model, "sub_42", "pay_5d0c66 pay_7c0b33");
  /* Names, accents or not, any case. */
  assert_search (f->model, "Zoë", "pay_9f2a11");
  assert_search (f->model, "zoe", "pay_9f2a11");
  assert_search (f->model, "jür", "pay_5d0c55 pay_9f2a22");
  assert_search (f->model, "JURGEN", "pay_5d0c55 pay_9f2a22");
  assert_search (f->model, "Jürgen Becker", "pay_9f2a22");
  assert_search (f->model, "j", "pay_5d0c55 pay_7c0b33 pay_9f2a22");
  /* Emails and their pieces. */
  assert_search (f->model, "jane@example", "pay_7c0b33");
  assert_search (f->model, "beispiel.de", "pay_9f2a22");
  /* Product names, from the products table. */
  assert_search (f->model, "icon", "pay_5d0c66 pay_9f2a22");
  assert_search (f->model, "video cou", "pay_7c0b44");
  assert_search (f->model, "nobody", "");
  /* Nothing searchable: everything. */
  assert_search (f->model, "   ", "pay_5d0c66 pay_5d0c55 pay_7c0b44 pay_7c0b33 pay_9f2a22 pay_9f2a11");
  assert_search (f->model, NULL, "pay_5d0c66 pay_5d0c55 pay_7c0b44 pay_7c0b33 pay_9f2a22 pay_9f2a11");
}

/* FTS5 syntax in what people type is plain text: never an error. */
static void
test_search_hostile (Fixture       *f,
                     gconstpointer  data)
{
  const char *inputs[] = {
    "\"", "\"\"", "'", "o'neil", "a\"b", "AND", "OR NOT", "NEAR(", "NEAR(a b, 2)", "*", "-foo",
    "foo:bar", "payment_id:pay", "^jane", "(", ")", "{a b}", "\\", "pay_*", "💳", "a AND OR b",
    "\"jane", "jane\"", "+", "a*b", "%", "_", "\xff\xfe", "zoë\"*", "NOT jane", "jane -doe",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *found = NULL;
      g_autofree char *shown = g_utf8_make_valid (inputs[i], -1);  /* the TAP log is UTF-8 */

      bd_query_model_set_search (f->model, inputs[i]);
      found = store_test_payment_ids (f->model);  /* asserts no error */
      g_test_message ("“%s” → %s", shown, found);
    }

  assert_search (f->model, "o'neil", "pay_7c0b44");
  assert_search (f->model, "\"jane", "pay_7c0b33");
  assert_search (f->model, "NOT jane", "");
  assert_search (f->model, "\"Quote\"", "pay_5d0c66");
}

static void
test_filter_sort_search (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;

  bd_query_model_set_filter (f->model, "currency", "USD");
  a = store_test_payment_ids (f->model);
  g_assert_cmpstr (a, ==, "pay_5d0c66 pay_7c0b44 pay_7c0b33");

  bd_query_model_set_sort (f->model, "total_amount", TRUE);
  b = store_test_payment_ids (f->model);
  g_assert_cmpstr (b, ==, "pay_7c0b33 pay_7c0b44 pay_5d0c66");

  bd_query_model_set_filter (f->model, "status", "succeeded");
  c = store_test_payment_ids (f->model);
  g_assert_cmpstr (c, ==, "pay_7c0b44 pay_5d0c66");

  bd_query_model_set_search (f->model, "example.com");
  d = store_test_payment_ids (f->model);
  g_assert_cmpstr (d, ==, "pay_5d0c66");

  /* Removing filters widens it again; the search and sort stay. */
  bd_query_model_set_filter (f->model, "currency", NULL);
  bd_query_model_set_filter (f->model, "status", NULL);
  bd_query_model_set_sort (f->model, "total_amount", FALSE);
  e = store_test_payment_ids (f->model);
  g_assert_cmpstr (e, ==, "pay_5d0c66 pay_9f2a11 pay_5d0c55 pay_7c0b33");
}

/* BdQueryWhere: a date range (half-open), a product in the cart, and the
 * search, in one description. */
static void
test_where (Fixture       *f,
            gconstpointer  data)
{
  BdQueryWhere where = { 0 };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *g = NULL;

  /* [T0 + 2 days, T0 + 5 days): the start is in, the end (a payment at
   * exactly T0 + 5 days) is out. */
  where.from = (gint64) (T0 + 2 * DAY) * G_USEC_PER_SEC;
  where.to = (gint64) (T0 + 5 * DAY) * G_USEC_PER_SEC;
  bd_query_model_set_where (f->model, &where);
  a = store_test_payment_ids (f->model);
  g_assert_cmpstr (a, ==, "pay_7c0b44 pay_7c0b33 pay_9f2a22");

  /* To the microsecond. */
  where.to = (gint64) (T0 + 4 * DAY) * G_USEC_PER_SEC;
  bd_query_model_set_where (f->model, &where);
  b = store_test_payment_ids (f->model);
  g_assert_cmpstr (b, ==, "pay_7c0b33 pay_9f2a22");

  /* A product in the cart, with a status and a currency. */
  where = (BdQueryWhere) { .product_id = "pdt_pro" };
  bd_query_model_set_where (f->model, &where);
  c = store_test_payment_ids (f->model);
  g_assert_cmpstr (c, ==, "pay_7c0b33 pay_9f2a11");
  where.status = "succeeded";
  bd_query_model_set_where (f->model, &where);
  d = store_test_payment_ids (f->model);
  g_assert_cmpstr (d, ==, "pay_9f2a11");

  /* The search is part of it, escaped as set_search escapes it; the sort
   * stays. */
  bd_query_model_set_sort (f->model, "total_amount", TRUE);
  where = (BdQueryWhere) { .currency = "USD", .search = "example.com" };
  bd_query_model_set_where (f->model, &where);
  e = store_test_payment_ids (f->model);
  g_assert_cmpstr (e, ==, "pay_7c0b33 pay_5d0c66");

  /* NULL: everything again. */
  bd_query_model_set_where (f->model, NULL);
  g = store_test_payment_ids (f->model);
  g_assert_cmpstr (g, ==, "pay_7c0b33 pay_5d0c55 pay_9f2a11 pay_7c0b44 pay_9f2a22 pay_5d0c66");
}

/* The totals run the list's conditions: they agree with the rows shown. */
static void
test_where_totals (Fixture       *f,
                   gconstpointer  data)
{
  BdQueryWhere where = { 0 };
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) some = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  BdQueryTotal *t;

  all = bd_query_where_totals (f->reader, "payments", &where, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  t = &g_array_index (all, BdQueryTotal, 0);
  g_assert_cmpstr (t->currency, ==, "EUR");
  g_assert_cmpint (t->count, ==, 2);
  g_assert_cmpint (t->gross, ==, 1500 + 9900);
  g_assert_cmpint (t->refunded, ==, 0);
  t = &g_array_index (all, BdQueryTotal, 1);
  g_assert_cmpstr (t->currency, ==, "GBP");
  g_assert_cmpint (t->count, ==, 1);
  g_assert_cmpint (t->gross, ==, 0);  /* processing: not counted in money */
  t = &g_array_index (all, BdQueryTotal, 2);
  g_assert_cmpstr (t->currency, ==, "USD");
  g_assert_cmpint (t->count, ==, 3);
  g_assert_cmpint (t->gross, ==, 2500 + 12000);  /* the failed 500 is not */
  g_assert_cmpint (t->refunded, ==, 200);

  where.search = "icon";
  some = bd_query_where_totals (f->reader, "payments", &where, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 2);
  g_assert_cmpint (g_array_index (some, BdQueryTotal, 0).gross, ==, 9900);
  g_assert_cmpint (g_array_index (some, BdQueryTotal, 1).gross, ==, 12000);

  where.search = "nobody";
  none = bd_query_where_totals (f->reader, "payments", &where, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  g_cancellable_cancel (cancelled);
  where.search = NULL;
  g_assert_null (bd_query_where_totals (f->reader, "payments", &where, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  GArray *totals;
  GError *error;
  char   *table;
  guint   done;
} WorkerResult;

static void
worker_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  WorkerResult *r = user_data;

  g_assert_null (source);
  r->table = g_strdup (bd_query_worker_totals_table (result));
  r->totals = bd_query_worker_totals_finish (result, &r->error);
  r->done++;
}

static void
worker_result_clear (WorkerResult *r)
{
  g_clear_pointer (&r->totals, g_array_unref);
  g_clear_error (&r->error);
  g_clear_pointer (&r->table, g_free);
}

/* The worker adds up what bd_query_where_totals () does, on its thread,
 * job after job on one connection; a cancelled job says so. */
static void
test_worker (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(BdQueryWorker) worker = bd_query_worker_new (f->path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  BdQueryWhere where = { .search = "icon" };
  WorkerResult first = { NULL }, second = { NULL }, third = { NULL };

  expected = bd_query_where_totals (f->reader, "payments", &where, NULL, &error);
  g_assert_no_error (error);

  /* The where is copied: changing it after does not change the job. */
  bd_query_worker_totals_async (worker, "payments", &where, NULL, NULL, worker_done, &first);
  where.search = "nobody";
  bd_query_worker_totals_async (worker, "payments", &where, NULL, cancellable, worker_done, &second);
  g_cancellable_cancel (cancellable);
  where.search = NULL;
  bd_query_worker_totals_async (worker, "refunds", &where, NULL, NULL, worker_done, &third);
  while (third.done == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (first.done, ==, 1);
  g_assert_no_error (first.error);
  g_assert_cmpstr (first.table, ==, "payments");
  g_assert_cmpuint (first.totals->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      BdQueryTotal *a = &g_array_index (first.totals, BdQueryTotal, i);
      BdQueryTotal *b = &g_array_index (expected, BdQueryTotal, i);

      g_assert_cmpstr (a->currency, ==, b->currency);
      g_assert_cmpint (a->count, ==, b->count);
      g_assert_cmpint (a->gross, ==, b->gross);
      g_assert_cmpint (a->refunded, ==, b->refunded);
    }
  g_assert_cmpuint (second.done, ==, 1);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (second.totals);
  g_assert_cmpuint (third.done, ==, 1);
  g_assert_no_error (third.error);
  g_assert_cmpstr (third.table, ==, "refunds");
  {
    g_autoptr(GArray) refunds = bd_query_where_totals (f->reader, "refunds", &where, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (third.totals->len, ==, refunds->len);
  }
  worker_result_clear (&first);
  worker_result_clear (&second);
  worker_result_clear (&third);
}

static void
put_refund (BdStore    *store,
            const char *id,
            const char *payment_id,
            const char *customer_id,
            const char *status,
            gint64      amount,
            gint64      created)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (created);
  g_autofree char *iso = g_date_time_format_iso8601 (when);
  g_autofree char *json = g_strdup_printf ("{\"refund_id\":\"%s\",\"payment_id\":\"%s\","
                                           "\"business_id\":\"bus_1\",\"created_at\":\"%s\","
                                           "\"is_partial\":true,\"status\":\"%s\","
                                           "\"amount\":%" G_GINT64_FORMAT ",\"currency\":\"USD\","
                                           "\"customer\":{\"customer_id\":\"%s\",\"name\":\"x\",\"email\":\"x@example.com\"}}",
                                           id, payment_id, iso, status, amount, customer_id);

  store_test_put (store, BD_TYPE_REFUND, json);
}

/* Credit notes: the same description on the refunds table; the search
 * finds the refunds of the payments it finds. */
static void
test_where_refunds (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(BdQueryModel) refunds = NULL;
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GError) error = NULL;
  BdQueryWhere where = { .search = "liam" };
  g_auto(GStrv) currencies = NULL;

  put_refund (f->writer, "ref_1", "pay_7c0b44", "cus_pay_7c0b44", "succeeded", 200, T0 + 7 * DAY);
  put_refund (f->writer, "ref_2", "pay_5d0c66", "cus_pay_5d0c66", "pending", 1000, T0 + 8 * DAY);
  refunds = bd_query_model_new (f->reader, "refunds");
  bd_query_model_finish_loading (refunds);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (refunds)), ==, 2);

  bd_query_model_set_where (refunds, &where);
  bd_query_model_finish_loading (refunds);
  g_assert_null (bd_query_model_get_error (refunds));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (refunds)), ==, 1);
  {
    g_autoptr(BdModel) item = g_list_model_get_item (G_LIST_MODEL (refunds), 0);

    g_assert_cmpstr (bd_model_get_string (item, "refund-id"), ==, "ref_1");
  }

  where = (BdQueryWhere) { .product_id = "pdt_icons" };
  bd_query_model_set_where (refunds, &where);
  bd_query_model_finish_loading (refunds);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (refunds)), ==, 1);

  where = (BdQueryWhere) { 0 };
  totals = bd_query_where_totals (f->reader, "refunds", &where, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 1);
  g_assert_cmpint (g_array_index (totals, BdQueryTotal, 0).count, ==, 2);
  g_assert_cmpint (g_array_index (totals, BdQueryTotal, 0).gross, ==, 200);  /* succeeded only */

  currencies = bd_query_distinct (f->reader, "payments", "currency", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (currencies, ((const char *[]) { "EUR", "GBP", "USD", NULL }));
}

/* The same row is the same object while anyone holds it. */
static void
test_same_object (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BdModel) first = g_list_model_get_item (G_LIST_MODEL (f->model), 2);
  g_autoptr(BdModel) again = NULL;

  /* Push it out of the cache by asking for many others. */
  for (guint round = 0; round < 30; round++)
    for (guint i = 0; i < 6; i++)
      if (i != 2)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (f->model), i));

  again = g_list_model_get_item (G_LIST_MODEL (f->model), 2);
  g_assert_true (first == again);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->model), 6));
}

typedef struct
{
  guint position, removed, added, count;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->count++;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

/* After a sync: a changed row is updated in place (same object, notify on
 * what changed, no items-changed); new rows appear as an insertion. */
static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BdModel) held = g_list_model_get_item (G_LIST_MODEL (f->model), 3);
  g_autoptr(GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BdModel) after = NULL;
  Changes changes = { 0 };
  TestPayment changed = people[2];
  TestPayment newer = people[0];
  TestPayment older = people[0];

  g_assert_cmpstr (bd_model_get_string (held, "payment-id"), ==, "pay_7c0b33");
  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_signal_connect (held, "notify", G_CALLBACK (on_notify), notified);

  changed.status = "succeeded";
  store_test_put_payment (f->writer, &changed);
  bd_query_model_refresh (f->model);
  bd_query_model_finish_loading (f->model);

  g_assert_cmpuint (changes.count, ==, 0);
  g_assert_true (g_ptr_array_find_with_equal_func (notified, "status", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (notified, "customer-name", g_str_equal, NULL));
  g_assert_cmpint (bd_model_get_enum (held, "status"), ==, BD_PAYMENT_STATUS_SUCCEEDED);
  after = g_list_model_get_item (G_LIST_MODEL (f->model), 3);
  g_assert_true (after == held);

  /* Two newer payments: inserted at the top, nothing removed. */
  newer.id = "pay_new001";
  newer.created = T0 + 10 * DAY;
  store_test_put_payment (f->writer, &newer);
  newer.id = "pay_new002";
  newer.created = T0 + 11 * DAY;
  store_test_put_payment (f->writer, &newer);
  bd_query_model_refresh (f->model);
  bd_query_model_finish_loading (f->model);
  g_assert_cmpuint (changes.count, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 8);

  /* An older one lands at the end. */
  older.id = "pay_old001";
  older.created = T0 - DAY;
  store_test_put_payment (f->writer, &older);
  bd_query_model_refresh (f->model);
  bd_query_model_finish_loading (f->model);
  g_assert_cmpuint (changes.count, ==, 2);
  g_assert_cmpuint (changes.position, ==, 8);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);

  /* Nothing new: nothing emitted. */
  bd_query_model_refresh (f->model);
  bd_query_model_finish_loading (f->model);
  g_assert_cmpuint (changes.count, ==, 2);

  g_signal_handlers_disconnect_by_data (held, notified);
}

typedef struct
{
  guint n;
} Fill;

static gboolean
fill_payments (BdStore  *store,
               gpointer  user_data,
               GError  **error)
{
  Fill *fill = user_data;
  TestPayment p = people[1];

  for (guint i = 0; i < fill->n; i++)
    {
      g_autofree char *id = g_strdup_printf ("pay_bulk%06u", i);
      g_autofree char *json = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(BdModel) payment = NULL;

      p.id = id;
      p.created = T0 + 100 * DAY + i;
      p.status = i % 3 == 0 ? "failed" : "succeeded";
      json = store_test_payment_json (&p);
      bytes = g_bytes_new (json, strlen (json));
      payment = bd_dodo_decode_bytes (BD_TYPE_PAYMENT, bytes, error);
      if (payment == NULL || !bd_store_upsert (store, payment, json, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Two lists on one read connection (the Invoices page's payments and
 * refunds): while one reads its result over idle slices, its open
 * statement holds the connection's snapshot, so a refresh of the other
 * started then reads the cache as it was before the newest commit.  The
 * refresh must still end showing that commit. */
static void
test_refresh_beside_a_reading_list (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdQueryModel) other = NULL;
  g_autoptr(BdModel) held = NULL;
  Fill fill = { 3000 };
  TestPayment changed = people[2];

  g_assert_true (bd_store_write (f->writer, fill_payments, &fill, &error));
  g_assert_no_error (error);
  /* The first list: the three US-dollar payments, read in one go. */
  bd_query_model_set_filter (f->model, "currency", "USD");
  bd_query_model_finish_loading (f->model);
  held = g_list_model_get_item (G_LIST_MODEL (f->model), 2);
  g_assert_cmpstr (bd_model_get_string (held, "payment-id"), ==, "pay_7c0b33");

  /* The other list starts reading all 3,006, a slice at a time. */
  other = bd_query_model_new (f->reader, "payments");
  bd_query_model_set_slice_usec (other, 0);
  bd_query_model_set_sort (other, "total_amount", TRUE);
  g_assert_true (bd_query_model_is_loading (other));

  /* A write commits now; the first list is asked to show it. */
  changed.status = "succeeded";
  store_test_put_payment (f->writer, &changed);
  bd_query_model_refresh (f->model);

  while (bd_query_model_is_loading (other))
    g_main_context_iteration (NULL, TRUE);
  /* The first list reads again once the other one let go (at low
   * priority, within a moment). */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    guint wake = g_timeout_add (50, wake_cb, NULL);

    while (bd_model_get_enum (held, "status") != BD_PAYMENT_STATUS_SUCCEEDED
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (wake);
  }
  g_assert_cmpint (bd_model_get_enum (held, "status"), ==, BD_PAYMENT_STATUS_SUCCEEDED);
}

/* 10,000 rows: only what is asked for is built, and dropped items go. */
static void
test_lazy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  Fill fill = { 10000 };
  guint n;

  g_assert_true (bd_store_write (f->writer, fill_payments, &fill, &error));
  g_assert_no_error (error);
  bd_query_model_refresh (f->model);
  bd_query_model_finish_loading (f->model);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (n, ==, 10006);
  g_assert_cmpuint (bd_query_model_get_n_live (f->model), ==, 0);

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (f->model), i * 500));
  g_assert_cmpuint (bd_query_model_get_n_live (f->model), ==, 20);

  /* Scrolling through 2,000 more: the cache keeps 64, the held 20 stay. */
  for (guint i = 0; i < 2000; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (f->model), 5000 + i));
  g_assert_cmpuint (bd_query_model_get_n_live (f->model), <=, 20 + 64);

  g_ptr_array_set_size (held, 0);
  g_assert_cmpuint (bd_query_model_get_n_live (f->model), <=, 64);
}

/* A large result is shown in slices: the first at once, the rest appended
 * from idle callbacks, ending with exactly the full result. */
static void
test_progressive (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Fill fill = { 3000 };
  Changes changes = { 0 };
  guint shown, appended = 0;

  g_assert_true (bd_store_write (f->writer, fill_payments, &fill, &error));
  g_assert_no_error (error);
  bd_query_model_set_slice_usec (f->model, 0);  /* 256 rows a slice */

  /* The first slice is a screenful, the next ones as long as allowed. */
  bd_query_model_set_filter (f->model, "status", "succeeded");
  g_assert_true (bd_query_model_is_loading (f->model));
  shown = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (shown, ==, BD_QUERY_MODEL_FIRST_ROWS);

  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  while (bd_query_model_is_loading (f->model))
    {
      guint before = changes.count;

      g_main_context_iteration (NULL, TRUE);
      if (changes.count > before)
        {
          g_assert_cmpuint (changes.position, ==, shown + appended);
          g_assert_cmpuint (changes.removed, ==, 0);
          appended += changes.added;
        }
    }
  /* 2,000 bulk rows and 4 of the six people succeeded. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 2004);
  g_assert_cmpuint (shown + appended, ==, 2004);
  g_assert_null (bd_query_model_get_error (f->model));
}

/* A view that shows few rows gets that many at once: a new model, and
 * each new search, filter or sort, shows exactly @first_rows before its
 * idle slices (a list view builds a widget for every row it is given
 * before its next frame), then the whole result. */
static void
test_first_rows (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdQueryModel) model = NULL;
  Fill fill = { 3000 };
  Changes changes = { 0 };

  g_assert_true (bd_store_write (f->writer, fill_payments, &fill, &error));
  g_assert_no_error (error);

  model = bd_query_model_new_sized (f->reader, "payments", 20);
  g_assert_true (bd_query_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  /* Newest first, as without a limit. */
  {
    g_autoptr(BdModel) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (bd_model_get_string (first, "payment-id"), ==, "pay_bulk002999");
  }
  bd_query_model_finish_loading (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3006);

  /* A new filter: its first slice replaces the whole list in one change. */
  bd_query_model_set_first_rows (model, 7);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  bd_query_model_set_filter (model, "status", "failed");
  g_assert_cmpuint (changes.count, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 3006);
  g_assert_cmpuint (changes.added, ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 7);
  g_assert_true (bd_query_model_is_loading (model));
  while (bd_query_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  /* 1,000 bulk rows failed, and one of the six people. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1001);

  /* A result shorter than a screenful is whole at once. */
  bd_query_model_set_first_rows (model, 64);
  bd_query_model_set_search (model, "jane");
  g_assert_false (bd_query_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_signal_handlers_disconnect_by_data (model, &changes);
}

/* Finding an object by id builds no object per row, and reads the rest of
 * the query only when the rows shown so far lack it; an id the query
 * hides, or not cached, is not found. */
static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdQueryModel) model = NULL;
  g_autoptr(BdModel) item = NULL;
  Fill fill = { 3000 };
  guint position;

  g_assert_true (bd_store_write (f->writer, fill_payments, &fill, &error));
  g_assert_no_error (error);

  model = bd_query_model_new_sized (f->reader, "payments", 20);
  g_assert_true (bd_query_model_is_loading (model));
  /* One already shown: the rest of the query is not read for it. */
  g_assert_cmpuint (bd_query_model_find (model, "pay_bulk002990"), ==, 9);
  g_assert_true (bd_query_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  /* The oldest of the people: last of 3,006. */
  position = bd_query_model_find (model, "pay_9f2a11");
  g_assert_cmpuint (position, ==, 3005);
  g_assert_false (bd_query_model_is_loading (model));
  g_assert_cmpuint (bd_query_model_get_n_live (model), ==, 0);
  item = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_assert_cmpstr (bd_model_get_string (item, "payment-id"), ==, "pay_9f2a11");
  g_clear_object (&item);

  g_assert_cmpuint (bd_query_model_find (model, "pay_bulk002999"), ==, 0);
  g_assert_cmpuint (bd_query_model_find (model, "pay_not_cached"), ==, G_MAXUINT);

  /* Filtered: positions in what the model shows; hidden ones not found. */
  bd_query_model_set_search (model, "smith");
  bd_query_model_set_filter (model, "status", "processing");
  position = bd_query_model_find (model, "pay_5d0c55");
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (bd_query_model_find (model, "pay_bulk002999"), ==, G_MAXUINT);
  g_assert_cmpuint (bd_query_model_find (model, "pay_7c0b33"), ==, G_MAXUINT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/query-model/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("default-order", test_default_order);
  ADD ("search", test_search);
  ADD ("search-hostile", test_search_hostile);
  ADD ("filter-sort-search", test_filter_sort_search);
  ADD ("where", test_where);
  ADD ("where-totals", test_where_totals);
  ADD ("worker", test_worker);
  ADD ("where-refunds", test_where_refunds);
  ADD ("same-object", test_same_object);
  ADD ("refresh", test_refresh);
  ADD ("refresh-beside-a-reading-list", test_refresh_beside_a_reading_list);
  ADD ("lazy", test_lazy);
  ADD ("progressive", test_progressive);
  ADD ("first-rows", test_first_rows);
  ADD ("find", test_find);

  return g_test_run ();
}
