/* test-writer.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bd-dodo-error.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-refund.h"
#include "bd-subscription.h"
#include "bd-test-util.h"
#include "bd-writer.h"
#include "store-test.h"
#include "sync-test.h"

/* BdWriter against a real billing-desk-sandbox process over loopback and a
 * real cache synced from it: a refund is sent once and both it and the
 * payment read again land in the cache; a lost answer (drop-after) is read
 * back, never sent twice; a request that never arrived (drop-before) is
 * reported as not done and changes nothing; Dodo's refusal comes back with
 * its code and words.  The subscription kinds the same way: each change
 * seen on the sandbox and in the cache, a lost answer read back and never
 * sent twice, Dodo's refusal of an impossible one. */

typedef struct
{
  BdTestSandbox *sandbox;
  BdDodoClient  *client;
  char          *path;        /* the cache */
  BdStore       *store;       /* a reader on it */
  char          *product_id;
  char          *payment_id;  /* a paid $25.00 one-time payment, synced */
} Fixture;

/* Helpers */

static gboolean
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) product = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autofree char *body = NULL;
  g_autofree char *complete = NULL;

  memset (f, 0, sizeof *f);
  f->sandbox = bd_test_sandbox_start_with ("--seed", "5", NULL);
  if (f->sandbox == NULL)
    return FALSE;
  f->client = sync_test_client (f->sandbox);

  product = bd_test_sandbox_call (f->sandbox, "POST", "/products",
                                  "{\"name\":\"Poster\",\"tax_category\":\"digital_products\","
                                  "\"price\":{\"type\":\"one_time_price\",\"price\":2500,\"currency\":\"USD\","
                                  "\"discount\":0,\"purchasing_power_parity\":false}}", 200);
  f->product_id = g_strdup (json_object_get_string_member (json_node_get_object (product), "product_id"));
  body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                          "\"customer\":{\"email\":\"grace@example.com\",\"name\":\"Grace Hopper\"},"
                          "\"billing_address\":{\"country\":\"DE\",\"city\":\"Berlin\","
                          "\"street\":\"Unter den Linden 1\",\"zipcode\":\"10117\"}}",
                          f->product_id);
  session = bd_test_sandbox_call (f->sandbox, "POST", "/checkouts", body, 200);
  complete = g_strdup_printf ("/_sandbox/checkouts/%s/complete",
                              json_object_get_string_member (json_node_get_object (session), "session_id"));
  done = bd_test_sandbox_call (f->sandbox, "POST", complete, "{\"card\":\"4242424242424242\"}", 200);
  f->payment_id = g_strdup (json_object_get_string_member (json_node_get_object (done), "payment_id"));

  f->path = store_test_new_path ();
  g_assert_true (sync_test_run (f->client, f->path, NULL, &error));
  g_assert_no_error (error);
  f->store = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->store);
  if (f->path != NULL)
    store_test_cleanup (f->path);
  g_clear_pointer (&f->path, g_free);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
  g_clear_pointer (&f->product_id, g_free);
  g_clear_pointer (&f->payment_id, g_free);
}

static void
add_fault (Fixture    *f,
           const char *spec)
{
  g_autofree char *body = g_strdup_printf ("{\"spec\":\"%s\"}", spec);
  g_autoptr(JsonNode) rules = bd_test_sandbox_call (f->sandbox, "POST", "/_sandbox/faults", body, 200);
}

/* The refunds Dodo (the sandbox) holds for the payment, as JSON. */
static JsonArray *
sandbox_refunds (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/payments/%s", f->payment_id);
  g_autoptr(JsonNode) payment = bd_test_sandbox_call (f->sandbox, "GET", path, NULL, 200);
  JsonObject *object = json_node_get_object (payment);

  if (!json_object_has_member (object, "refunds") || json_object_get_null_member (object, "refunds"))
    return json_array_new ();
  return json_array_ref (json_object_get_array_member (object, "refunds"));
}

/* How many POST /refunds reached the sandbox at all (dropped ones too). */
static gint64
refund_posts (Fixture *f)
{
  g_autoptr(JsonNode) stats = bd_test_sandbox_call (f->sandbox, "GET", "/_sandbox/stats", NULL, 200);
  JsonObject *routes = json_object_get_object_member (json_node_get_object (stats), "routes");

  if (!json_object_has_member (routes, "POST /refunds"))
    return 0;
  return json_object_get_int_member (json_object_get_object_member (routes, "POST /refunds"), "requests");
}

/* A refund of @amount of the payment's one line, or of all of it (0). */
static BdWrite *
new_refund (Fixture    *f,
            gint64      amount,
            const char *reason)
{
  g_autoptr(BdDodoRefundCreate) body = bd_dodo_refund_create_new ();

  bd_model_set (body, "payment-id", f->payment_id, NULL);
  if (reason != NULL)
    bd_model_set (body, "reason", reason, NULL);
  if (amount > 0)
    {
      g_autoptr(BdDodoRefundItem) item = bd_dodo_refund_item_new ();
      g_autoptr(GListStore) items = g_list_store_new (BD_DODO_TYPE_REFUND_ITEM);

      bd_model_set (item, "item-id", f->product_id, "amount", amount, "tax-inclusive", TRUE, NULL);
      g_list_store_append (items, item);
      bd_model_set (body, "items", items, NULL);
    }
  return bd_write_new_refund (body, amount > 0 ? amount : 2500);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* bd_writer_run_async () on this thread's main context, to its end. */
static BdWriteOutcome *
run_async (BdWriter  *writer,
           BdWrite   *write,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bd_writer_run_async (writer, write, NULL, on_run_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return bd_writer_run_finish (writer, result, error);
}

static BdPayment *
cached_payment (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  BdPayment *payment = bd_store_lookup (f->store, BD_TYPE_PAYMENT, f->payment_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (payment);
  return payment;
}

static gint64
cached_refunds (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = bd_store_count (f->store, "refunds", &error);

  g_assert_no_error (error);
  return n;
}

/* Tests */

/* A refund answered normally: sent once; the outcome is the re-read refund;
 * the refund and the payment read again (now partially refunded, listing
 * it) are both in the cache. */
static void
test_refund (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) before = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(BdRefund) stored = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  BdRefund *refund;
  GPtrArray *cached;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  before = cached_payment (&f);
  g_assert_null (bd_model_get_string (before, "refund-status"));
  refunds_before = cached_refunds (&f);

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 1050, "Late delivery");
  g_assert_cmpstr (bd_write_get_kind_name (write), ==, "refund");
  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_false (bd_write_outcome_was_read_back (outcome));
  g_assert_null (bd_write_outcome_get_cache_error (outcome));

  refund = bd_write_outcome_get_object (outcome);
  g_assert_true (BD_IS_REFUND (refund));
  g_assert_cmpstr (bd_model_get_string (refund, "payment-id"), ==, f.payment_id);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (refund, "amount")), ==, 1050);

  /* Dodo holds exactly this one, sent once. */
  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (served, 0), "refund_id"),
                   ==, bd_model_get_string (refund, "refund-id"));
  g_assert_cmpint (refund_posts (&f), ==, 1);

  /* The refund and the re-read payment, in the cache. */
  cached = bd_write_outcome_get_cached (outcome);
  g_assert_cmpuint (cached->len, ==, 2);
  g_assert_true (cached->pdata[0] == (gpointer) refund);
  g_assert_true (BD_IS_PAYMENT (cached->pdata[1]));
  g_assert_cmpint (cached_refunds (&f), ==, refunds_before + 1);
  stored = bd_store_lookup (f.store, BD_TYPE_REFUND, bd_model_get_string (refund, "refund-id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (stored, "amount")), ==, 1050);
  g_assert_cmpstr (bd_model_get_string (stored, "reason"), ==, "Late delivery");
  after = cached_payment (&f);
  g_assert_cmpstr (bd_model_get_string (after, "refund-status"), ==, "partial");
  g_assert_cmpuint (g_list_model_get_n_items (bd_model_get_list (after, "refunds")), ==, 1);

  fixture_tear_down (&f);
}

/* The refund reaches Dodo but its answer is lost (drop-after): the writer
 * reads the payment back, finds the refund, reports it done; it was sent
 * once, Dodo holds exactly one, and the cache has it. */
static void
test_refund_answer_lost (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(BdRefund) stored = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  BdRefund *refund;

  if (!fixture_set_up (&f))
    return;
  add_fault (&f, "route=POST /refunds,fault=drop-after,count=1");

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 0, NULL);
  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_true (bd_write_outcome_was_read_back (outcome));
  g_assert_null (bd_write_outcome_get_cache_error (outcome));
  refund = bd_write_outcome_get_object (outcome);
  g_assert_true (BD_IS_REFUND (refund));
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (refund, "amount")), ==, 2500);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (served, 0), "refund_id"),
                   ==, bd_model_get_string (refund, "refund-id"));
  g_assert_cmpint (refund_posts (&f), ==, 1);

  stored = bd_store_lookup (f.store, BD_TYPE_REFUND, bd_model_get_string (refund, "refund-id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  after = cached_payment (&f);
  g_assert_cmpstr (bd_model_get_string (after, "refund-status"), ==, "full");
  g_assert_cmpuint (bd_write_outcome_get_cached (outcome)->len, ==, 2);

  fixture_tear_down (&f);
}

/* The refund is lost before it reaches Dodo (drop-before): the read-back
 * shows no new refund (the one made earlier elsewhere is not taken for
 * ours), so the writer says it did not happen; Dodo holds no other, it was
 * not sent again, and the cache is as it was.  (The blocking variant, as a
 * worker thread or the command line would call it.) */
static void
test_refund_never_arrived (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) before = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  before = cached_payment (&f);
  refunds_before = cached_refunds (&f);
  /* An older refund, made in Dodo's dashboard before ours is sent. */
  {
    g_autofree char *body = g_strdup_printf ("{\"payment_id\":\"%s\",\"items\":[{\"item_id\":\"%s\","
                                             "\"amount\":500}]}", f.payment_id, f.product_id);
    g_autoptr(JsonNode) made = bd_test_sandbox_call (f.sandbox, "POST", "/refunds", body, 200);
  }
  add_fault (&f, "route=POST /refunds,fault=drop-before,count=1");

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 0, NULL);
  outcome = bd_writer_run (writer, write, NULL, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_WRITER_ERROR, BD_WRITER_ERROR_NOT_RECEIVED);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpint (refund_posts (&f), ==, 2);

  g_assert_cmpint (cached_refunds (&f), ==, refunds_before);
  after = cached_payment (&f);
  g_assert_true (bd_model_equal (before, after));

  fixture_tear_down (&f);
}

/* Dodo refuses (more than the payment): its code and words come back,
 * nothing is refunded, nothing is written. */
static void
test_refund_refused (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) before = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  before = cached_payment (&f);
  refunds_before = cached_refunds (&f);

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 999999, NULL);
  outcome = bd_writer_run (writer, write, NULL, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (bd_dodo_error_get_code (error), ==, "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT");
  g_assert_nonnull (bd_dodo_error_get_server_message (error));
  g_assert_nonnull (strstr (bd_dodo_error_get_server_message (error), f.payment_id));
  g_assert_false (bd_dodo_error_is_ambiguous_write (error));

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 0);
  g_assert_cmpint (refund_posts (&f), ==, 1);
  g_assert_cmpint (cached_refunds (&f), ==, refunds_before);
  after = cached_payment (&f);
  g_assert_true (bd_model_equal (before, after));

  fixture_tear_down (&f);
}

/* Dodo has the refund but the cache cannot be written (its folder is gone):
 * the outcome is still "done", with the refund, and says why the cache is
 * behind, so the caller can tell a person. */
static void
test_refund_cache_fails (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;

  if (!fixture_set_up (&f))
    return;
  missing = g_build_filename (f.path, "no-such-folder", "cache.db", NULL);
  writer = bd_writer_new (f.client, missing);
  write = new_refund (&f, 0, NULL);
  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_true (BD_IS_REFUND (bd_write_outcome_get_object (outcome)));
  g_assert_nonnull (bd_write_outcome_get_cache_error (outcome));
  g_assert_true (bd_write_outcome_get_cache_error (outcome)->domain == BD_STORE_ERROR);
  g_assert_cmpuint (bd_write_outcome_get_cached (outcome)->len, ==, 0);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  fixture_tear_down (&f);
}

/* A kind of the test's own (the table is public so that the next kinds can
 * live beside their callers): a refund whose read-back cannot read Dodo. */
static gpointer
unreadable_read_back (BdWrite       *write,
                      BdDodoClient  *client,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gpointer payment = NULL;

  g_assert_null (cancellable);
  if (bd_writer_call (client, BD_DODO_API_PAYMENT_GET, "pay_does_not_exist", NULL, NULL, &payment, error))
    g_clear_object (&payment);
  return NULL;
}

static const BdWriteKind unreadable_kind = {
  .name = "unreadable refund",
  .read_back = unreadable_read_back,
};

/* The answer is lost and the read-back fails too: the writer says it cannot
 * tell (BD_WRITER_ERROR_UNKNOWN) instead of "not done", and does not send it
 * again; the cache is left as it was. */
static void
test_read_back_fails (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdDodoRefundCreate) body = bd_dodo_refund_create_new ();
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  refunds_before = cached_refunds (&f);
  add_fault (&f, "route=POST /refunds,fault=drop-after,count=1");

  bd_model_set (body, "payment-id", f.payment_id, NULL);
  writer = bd_writer_new (f.client, f.path);
  write = bd_write_new (&unreadable_kind, BD_DODO_API_REFUND_CREATE, NULL, body, NULL, NULL);
  g_assert_true (bd_write_get_body (write) == (gpointer) body);
  outcome = run_async (writer, write, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_WRITER_ERROR, BD_WRITER_ERROR_UNKNOWN);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpint (refund_posts (&f), ==, 1);
  g_assert_cmpint (cached_refunds (&f), ==, refunds_before);
  fixture_tear_down (&f);
}

/* A BdWrite is one send: running it a second time is refused, and Dodo
 * still holds one refund. */
static void
test_write_runs_once (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdWriteOutcome) again = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;

  if (!fixture_set_up (&f))
    return;
  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 500, NULL);
  outcome = bd_writer_run (writer, write, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);

  g_test_expect_message ("bd-writer", G_LOG_LEVEL_CRITICAL, "*already run*");
  again = bd_writer_run (writer, write, NULL, &error);
  g_test_assert_expected_messages ();
  g_assert_null (again);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpint (refund_posts (&f), ==, 1);
  fixture_tear_down (&f);
}

/* Subscriptions */

typedef struct
{
  Fixture  base;
  char    *pro_id;        /* $10.00 a month */
  char    *team_id;       /* $30.00 a month */
  char    *subscription;  /* an active subscription of Pro */
  char    *on_demand;     /* an active on-demand subscription of Pro */
} SubFixture;

static char *
create_plan (Fixture    *f,
             const char *name,
             gint64      price)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"tax_category\":\"saas\","
                                           "\"price\":{\"type\":\"recurring_price\",\"price\":%" G_GINT64_FORMAT ","
                                           "\"currency\":\"USD\",\"discount\":0,\"purchasing_power_parity\":false,"
                                           "\"payment_frequency_count\":1,\"payment_frequency_interval\":\"Month\","
                                           "\"subscription_period_count\":1,\"subscription_period_interval\":\"Year\"}}",
                                           name, price);
  g_autoptr(JsonNode) product = bd_test_sandbox_call (f->sandbox, "POST", "/products", body, 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (product), "product_id"));
}

/* A subscription of @product_id, paid with a test card; on demand with
 * @on_demand (mandate only: nothing charged at checkout). */
static char *
subscribe (Fixture    *f,
           const char *product_id,
           gboolean    on_demand)
{
  g_autofree char *body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                                           "\"customer\":{\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"},"
                                           "\"billing_address\":{\"country\":\"GB\"}%s}",
                                           product_id,
                                           on_demand ? ",\"subscription_data\":{\"on_demand\":{\"mandate_only\":true}}" : "");
  g_autoptr(JsonNode) session = bd_test_sandbox_call (f->sandbox, "POST", "/checkouts", body, 200);
  g_autofree char *complete = g_strdup_printf ("/_sandbox/checkouts/%s/complete",
                                               json_object_get_string_member (json_node_get_object (session), "session_id"));
  g_autoptr(JsonNode) done = bd_test_sandbox_call (f->sandbox, "POST", complete, "{\"card\":\"4242424242424242\"}", 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (done), "subscription_id"));
}

static gboolean
sub_fixture_set_up (SubFixture *f)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->base.sandbox = bd_test_sandbox_start_with ("--seed", "5", NULL);
  if (f->base.sandbox == NULL)
    return FALSE;
  f->base.client = sync_test_client (f->base.sandbox);
  f->pro_id = create_plan (&f->base, "Pro", 1000);
  f->team_id = create_plan (&f->base, "Team", 3000);
  f->subscription = subscribe (&f->base, f->pro_id, FALSE);
  f->on_demand = subscribe (&f->base, f->pro_id, TRUE);

  f->base.path = store_test_new_path ();
  g_assert_true (sync_test_run (f->base.client, f->base.path, NULL, &error));
  g_assert_no_error (error);
  f->base.store = bd_store_open (f->base.path, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
sub_fixture_tear_down (SubFixture *f)
{
  fixture_tear_down (&f->base);
  g_free (f->pro_id);
  g_free (f->team_id);
  g_free (f->subscription);
  g_free (f->on_demand);
}

/* The sandbox's subscription @id.  (transfer full) */
static JsonObject *
sandbox_subscription (Fixture    *f,
                      const char *id)
{
  g_autofree char *path = g_strdup_printf ("/subscriptions/%s", id);
  g_autoptr(JsonNode) node = bd_test_sandbox_call (f->sandbox, "GET", path, NULL, 200);

  return json_object_ref (json_node_get_object (node));
}

/* How many requests of @route ("PATCH /subscriptions/{subscription_id}")
 * reached the sandbox, dropped ones included. */
static gint64
route_requests (Fixture    *f,
                const char *route)
{
  g_autoptr(JsonNode) stats = bd_test_sandbox_call (f->sandbox, "GET", "/_sandbox/stats", NULL, 200);
  JsonObject *routes = json_object_get_object_member (json_node_get_object (stats), "routes");

  if (!json_object_has_member (routes, route))
    return 0;
  return json_object_get_int_member (json_object_get_object_member (routes, route), "requests");
}

#define PATCH_ROUTE "PATCH /subscriptions/{subscription_id}"

static BdSubscription *
cached_subscription (Fixture    *f,
                     const char *id)
{
  g_autoptr(GError) error = NULL;
  BdSubscription *subscription = bd_store_lookup (f->store, BD_TYPE_SUBSCRIPTION, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (subscription);
  return subscription;
}

/* Runs @write to success: its object is the subscription @id, exactly as
 * the cache now holds it. */
static void
assert_written (Fixture        *f,
                BdWrite        *write,
                gboolean        read_back,
                const char     *id)
{
  g_autoptr(BdWriter) writer = bd_writer_new (f->client, f->path);
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdSubscription) stored = NULL;
  g_autoptr(GError) error = NULL;
  BdSubscription *subscription;

  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_cmpint (bd_write_outcome_was_read_back (outcome), ==, read_back);
  g_assert_null (bd_write_outcome_get_cache_error (outcome));
  subscription = bd_write_outcome_get_object (outcome);
  g_assert_true (BD_IS_SUBSCRIPTION (subscription));
  g_assert_cmpstr (bd_model_get_string (subscription, "subscription-id"), ==, id);
  g_assert_cmpuint (bd_write_outcome_get_cached (outcome)->len, ==, 1);
  stored = cached_subscription (f, id);
  g_assert_true (bd_model_equal (stored, subscription));
}

/* Cancel at the next billing date, with a reason and Dodo's feedback, then
 * undo it: each seen on the sandbox and in the cache; one PATCH each. */
static void
test_subscription_schedule_cancel (void)
{
  SubFixture f;
  g_autoptr(BdWrite) schedule = NULL;
  g_autoptr(BdWrite) undo = NULL;
  g_autoptr(JsonObject) served = NULL;
  g_autoptr(JsonObject) undone = NULL;
  g_autoptr(BdSubscription) stored = NULL;

  if (!sub_fixture_set_up (&f))
    return;
  schedule = bd_write_new_subscription_cancel (f.subscription, TRUE, "cancelled_by_merchant",
                                               "too_expensive", "Asked by phone");
  g_assert_cmpstr (bd_write_get_kind_name (schedule), ==, "scheduled cancellation");
  assert_written (&f.base, schedule, FALSE, f.subscription);
  served = sandbox_subscription (&f.base, f.subscription);
  g_assert_true (json_object_get_boolean_member (served, "cancel_at_next_billing_date"));
  g_assert_cmpstr (json_object_get_string_member (served, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (served, "cancellation_feedback"), ==, "too_expensive");
  stored = cached_subscription (&f.base, f.subscription);
  g_assert_true (bd_model_get_boolean (stored, "cancel-at-next-billing-date"));
  g_assert_cmpint (route_requests (&f.base, PATCH_ROUTE), ==, 1);

  undo = bd_write_new_subscription_undo_cancel (f.subscription);
  assert_written (&f.base, undo, FALSE, f.subscription);
  undone = sandbox_subscription (&f.base, f.subscription);
  g_assert_false (json_object_get_boolean_member (undone, "cancel_at_next_billing_date"));
  g_clear_object (&stored);
  stored = cached_subscription (&f.base, f.subscription);
  g_assert_false (bd_model_get_boolean (stored, "cancel-at-next-billing-date"));
  g_assert_cmpint (route_requests (&f.base, PATCH_ROUTE), ==, 2);

  sub_fixture_tear_down (&f);
}

/* Pause, then resume; the pause's answer is lost (drop-after): read back
 * from the subscription's state, sent once. */
static void
test_subscription_pause_resume (void)
{
  SubFixture f;
  g_autoptr(BdWrite) pause = NULL;
  g_autoptr(BdWrite) resume = NULL;
  g_autoptr(JsonObject) paused = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autoptr(BdSubscription) stored = NULL;

  if (!sub_fixture_set_up (&f))
    return;
  add_fault (&f.base, "route=PATCH /subscriptions/*,fault=drop-after,count=1");
  pause = bd_write_new_subscription_pause (f.subscription, TRUE);
  assert_written (&f.base, pause, TRUE, f.subscription);
  paused = sandbox_subscription (&f.base, f.subscription);
  g_assert_cmpstr (json_object_get_string_member (paused, "status"), ==, "paused");
  stored = cached_subscription (&f.base, f.subscription);
  g_assert_cmpint (bd_model_get_enum (stored, "status"), ==, BD_SUBSCRIPTION_STATUS_PAUSED);
  g_assert_cmpint (route_requests (&f.base, PATCH_ROUTE), ==, 1);

  resume = bd_write_new_subscription_pause (f.subscription, FALSE);
  g_assert_cmpstr (bd_write_get_kind_name (resume), ==, "resume");
  assert_written (&f.base, resume, FALSE, f.subscription);
  resumed = sandbox_subscription (&f.base, f.subscription);
  g_assert_cmpstr (json_object_get_string_member (resumed, "status"), ==, "active");
  g_clear_object (&stored);
  stored = cached_subscription (&f.base, f.subscription);
  g_assert_cmpint (bd_model_get_enum (stored, "status"), ==, BD_SUBSCRIPTION_STATUS_ACTIVE);
  g_assert_cmpint (route_requests (&f.base, PATCH_ROUTE), ==, 2);

  sub_fixture_tear_down (&f);
}

/* Cancel now, its answer lost: read back, sent once.  Then pausing the
 * cancelled subscription: Dodo's refusal in its words, nothing changed. */
static void
test_subscription_cancel_now (void)
{
  SubFixture f;
  g_autoptr(BdWrite) cancel = NULL;
  g_autoptr(BdWrite) pause = NULL;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(JsonObject) served = NULL;
  g_autoptr(JsonObject) still = NULL;
  g_autoptr(GError) error = NULL;

  if (!sub_fixture_set_up (&f))
    return;
  add_fault (&f.base, "route=PATCH /subscriptions/*,fault=drop-after,count=1");
  cancel = bd_write_new_subscription_cancel (f.subscription, FALSE, "cancelled_by_merchant", NULL, NULL);
  assert_written (&f.base, cancel, TRUE, f.subscription);
  served = sandbox_subscription (&f.base, f.subscription);
  g_assert_cmpstr (json_object_get_string_member (served, "status"), ==, "cancelled");
  g_assert_false (json_object_get_null_member (served, "cancelled_at"));
  g_assert_cmpint (route_requests (&f.base, PATCH_ROUTE), ==, 1);

  writer = bd_writer_new (f.base.client, f.base.path);
  pause = bd_write_new_subscription_pause (f.subscription, TRUE);
  outcome = bd_writer_run (writer, pause, NULL, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_CONFLICT);
  g_assert_cmpstr (bd_dodo_error_get_code (error), ==, "SUBSCRIPTION_INACTIVE");
  g_assert_nonnull (strstr (bd_dodo_error_get_server_message (error), f.subscription));
  still = sandbox_subscription (&f.base, f.subscription);
  g_assert_cmpstr (json_object_get_string_member (still, "status"), ==, "cancelled");
  g_assert_cmpint (route_requests (&f.base, PATCH_ROUTE), ==, 2);

  sub_fixture_tear_down (&f);
}

static BdDodoChangePlan *
change_to_team (SubFixture *f,
                gint64      quantity)
{
  BdDodoChangePlan *body = bd_dodo_change_plan_new ();

  bd_model_set (body,
                "product-id", f->team_id,
                "quantity", quantity,
                "proration-billing-mode", "difference_immediately",
                "effective-at", "immediately",
                "on-payment-failure", "prevent_change",
                NULL);
  return body;
}

/* The preview changes nothing; the change, its answer lost, is read back
 * from the subscription's product and quantity, sent once, and cached. */
static void
test_change_plan (void)
{
  SubFixture f;
  g_autoptr(BdDodoChangePlan) body = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) previewed = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(BdSubscription) stored = NULL;
  g_autoptr(GError) error = NULL;
  gpointer preview = NULL;

  if (!sub_fixture_set_up (&f))
    return;
  body = change_to_team (&f, 1);
  before = sandbox_subscription (&f.base, f.subscription);
  g_assert_true (bd_writer_call (f.base.client, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW, f.subscription,
                                 body, NULL, &preview, &error));
  g_assert_no_error (error);
  /* $30.00 − $10.00 charged today; $30.00 a month from now on. */
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (preview, "total-amount")), ==, 2000);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (preview, "new-recurring-pre-tax-amount")), ==, 3000);
  g_clear_object (&preview);
  previewed = sandbox_subscription (&f.base, f.subscription);
  g_assert_true (json_object_equal (before, previewed));
  g_assert_cmpint (route_requests (&f.base, "POST /subscriptions/{subscription_id}/change-plan"), ==, 0);

  add_fault (&f.base, "route=POST /subscriptions/*/change-plan,fault=drop-after,count=1");
  write = bd_write_new_change_plan (f.subscription, body);
  assert_written (&f.base, write, TRUE, f.subscription);
  after = sandbox_subscription (&f.base, f.subscription);
  g_assert_cmpstr (json_object_get_string_member (after, "product_id"), ==, f.team_id);
  g_assert_cmpint (json_object_get_int_member (after, "quantity"), ==, 1);
  stored = cached_subscription (&f.base, f.subscription);
  g_assert_cmpstr (bd_model_get_string (stored, "product-id"), ==, f.team_id);
  g_assert_cmpint (route_requests (&f.base, "POST /subscriptions/{subscription_id}/change-plan"), ==, 1);

  sub_fixture_tear_down (&f);
}

/* The payments the sandbox lists for @subscription_id. */
static guint
sandbox_payments_of (Fixture    *f,
                     const char *subscription_id)
{
  g_autofree char *path = g_strdup_printf ("/payments?page_size=100&subscription_id=%s", subscription_id);
  g_autoptr(JsonNode) node = bd_test_sandbox_call (f->sandbox, "GET", path, NULL, 200);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (node), "items"));
}

static BdDodoCharge *
charge_body (gint64 price)
{
  BdDodoCharge *body = bd_dodo_charge_new ();

  bd_model_set (body, "product-price", price, "product-description", "Extra seats", NULL);
  return body;
}

/* An on-demand charge: the new payment is the outcome, cached with the
 * subscription; its answer lost, the payment is found among the
 * subscription's payments, sent once. */
static void
test_charge (void)
{
  SubFixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdDodoCharge) body = charge_body (1234);
  g_autoptr(BdDodoCharge) again_body = charge_body (777);
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWrite) lost = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdWriteOutcome) found = NULL;
  g_autoptr(BdPayment) stored = NULL;
  g_autoptr(GError) error = NULL;
  BdPayment *payment;
  guint before;

  if (!sub_fixture_set_up (&f))
    return;
  writer = bd_writer_new (f.base.client, f.base.path);
  before = sandbox_payments_of (&f.base, f.on_demand);

  write = bd_write_new_subscription_charge (f.on_demand, body);
  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  payment = bd_write_outcome_get_object (outcome);
  g_assert_true (BD_IS_PAYMENT (payment));
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "total-amount")), ==, 1234);
  g_assert_cmpstr (bd_model_get_string (payment, "subscription-id"), ==, f.on_demand);
  g_assert_cmpuint (bd_write_outcome_get_cached (outcome)->len, ==, 2);
  g_assert_true (BD_IS_SUBSCRIPTION (bd_write_outcome_get_cached (outcome)->pdata[1]));
  stored = bd_store_lookup (f.base.store, BD_TYPE_PAYMENT, bd_model_get_string (payment, "payment-id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpuint (sandbox_payments_of (&f.base, f.on_demand), ==, before + 1);

  add_fault (&f.base, "route=POST /subscriptions/*/charge,fault=drop-after,count=1");
  lost = bd_write_new_subscription_charge (f.on_demand, again_body);
  found = run_async (writer, lost, &error);
  g_assert_no_error (error);
  g_assert_true (bd_write_outcome_was_read_back (found));
  payment = bd_write_outcome_get_object (found);
  g_assert_true (BD_IS_PAYMENT (payment));
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (payment, "total-amount")), ==, 777);
  g_assert_cmpuint (sandbox_payments_of (&f.base, f.on_demand), ==, before + 2);
  g_assert_cmpint (route_requests (&f.base, "POST /subscriptions/{subscription_id}/charge"), ==, 2);

  sub_fixture_tear_down (&f);
}

/* Charging a subscription that is not on demand: Dodo's refusal, no
 * payment. */
static void
test_charge_refused (void)
{
  SubFixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdDodoCharge) body = charge_body (1234);
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  if (!sub_fixture_set_up (&f))
    return;
  writer = bd_writer_new (f.base.client, f.base.path);
  before = sandbox_payments_of (&f.base, f.subscription);
  write = bd_write_new_subscription_charge (f.subscription, body);
  outcome = bd_writer_run (writer, write, NULL, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (bd_dodo_error_get_code (error), ==, "SUBSCRIPTION_NOT_ON_DEMAND");
  g_assert_cmpuint (sandbox_payments_of (&f.base, f.subscription), ==, before);

  sub_fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/writer/refund", test_refund);
  g_test_add_func ("/store/writer/refund-answer-lost", test_refund_answer_lost);
  g_test_add_func ("/store/writer/refund-never-arrived", test_refund_never_arrived);
  g_test_add_func ("/store/writer/refund-refused", test_refund_refused);
  g_test_add_func ("/store/writer/refund-cache-fails", test_refund_cache_fails);
  g_test_add_func ("/store/writer/read-back-fails", test_read_back_fails);
  g_test_add_func ("/store/writer/write-runs-once", test_write_runs_once);
  g_test_add_func ("/store/writer/subscription-schedule-cancel", test_subscription_schedule_cancel);
  g_test_add_func ("/store/writer/subscription-pause-resume", test_subscription_pause_resume);
  g_test_add_func ("/store/writer/subscription-cancel-now", test_subscription_cancel_now);
  g_test_add_func ("/store/writer/change-plan", test_change_plan);
  g_test_add_func ("/store/writer/charge", test_charge);
  g_test_add_func ("/store/writer/charge-refused", test_charge_refused);

  return g_test_run ();
}
