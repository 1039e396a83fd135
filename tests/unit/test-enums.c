/* test-enums.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-enums.h"
#include "bd-model.h"
#include "bd-subscription.h"

static GType
enum_type (guint i)
{
  GType types[] = {
    BD_TYPE_SUBSCRIPTION_STATUS, BD_TYPE_PAYMENT_STATUS, BD_TYPE_REFUND_STATUS,
    BD_TYPE_DISPUTE_STAGE, BD_TYPE_DISPUTE_STATUS, BD_TYPE_PRICE_TYPE,
    BD_TYPE_TIME_INTERVAL, BD_TYPE_TAX_CATEGORY, BD_TYPE_DISCOUNT_TYPE,
    BD_TYPE_WEBHOOK_EVENT_TYPE, G_TYPE_INVALID,
  };

  g_assert_cmpuint (i, <, G_N_ELEMENTS (types));
  return types[i];
}

static void
test_round_trip (void)
{
  for (guint i = 0; enum_type (i) != G_TYPE_INVALID; i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type (i));

      g_assert_cmpuint (klass->n_values, >=, 3);
      g_assert_cmpint (klass->values[0].value, ==, 0);
      g_assert_cmpstr (klass->values[0].value_nick, ==, "unknown");

      for (guint v = 1; v < klass->n_values; v++)
        {
          const char *nick = klass->values[v].value_nick;

          g_assert_cmpstr (bd_enum_to_string (enum_type (i), klass->values[v].value), ==, nick);
          g_assert_cmpint (bd_enum_from_string (enum_type (i), nick), ==, klass->values[v].value);
        }
    }
}

static void
test_typed_functions (void)
{
  g_assert_cmpint (bd_subscription_status_from_string ("on_hold"), ==, BD_SUBSCRIPTION_STATUS_ON_HOLD);
  g_assert_cmpstr (bd_subscription_status_to_string (BD_SUBSCRIPTION_STATUS_PAUSED), ==, "paused");
  g_assert_cmpint (bd_payment_status_from_string ("partially_captured_and_capturable"), ==,
                   BD_PAYMENT_STATUS_PARTIALLY_CAPTURED_AND_CAPTURABLE);
  g_assert_cmpint (bd_refund_status_from_string ("review"), ==, BD_REFUND_STATUS_REVIEW);
  g_assert_cmpint (bd_dispute_stage_from_string ("pre_arbitration"), ==, BD_DISPUTE_STAGE_PRE_ARBITRATION);
  g_assert_cmpstr (bd_dispute_status_to_string (BD_DISPUTE_STATUS_WON), ==, "dispute_won");
  g_assert_cmpstr (bd_price_type_to_string (BD_PRICE_TYPE_USAGE_BASED), ==, "usage_based_price");
  g_assert_cmpint (bd_time_interval_from_string ("Month"), ==, BD_TIME_INTERVAL_MONTH);
  g_assert_cmpint (bd_time_interval_from_string ("month"), ==, BD_TIME_INTERVAL_UNKNOWN);
  g_assert_cmpint (bd_tax_category_from_string ("live_tutoring"), ==, BD_TAX_CATEGORY_LIVE_TUTORING);
  g_assert_cmpstr (bd_discount_type_to_string (BD_DISCOUNT_TYPE_FLAT), ==, "flat");
  g_assert_cmpint (bd_webhook_event_type_from_string ("subscription.update_payment_method"), ==,
                   BD_WEBHOOK_EVENT_TYPE_SUBSCRIPTION_UPDATE_PAYMENT_METHOD);
  g_assert_cmpint (bd_webhook_event_type_from_string ("payment.success"), ==,
                   BD_WEBHOOK_EVENT_TYPE_UNKNOWN);
}

/* dodo-api.md §5.1 lists 47 event types. */
static void
test_webhook_event_count (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_WEBHOOK_EVENT_TYPE);

  g_assert_cmpuint (klass->n_values, ==, 47 + 1);
}

static void
test_unknown (void)
{
  for (guint i = 0; enum_type (i) != G_TYPE_INVALID; i++)
    {
      g_assert_cmpint (bd_enum_from_string (enum_type (i), "added_next_year"), ==, 0);
      g_assert_cmpint (bd_enum_from_string (enum_type (i), NULL), ==, 0);
      g_assert_cmpint (bd_enum_from_string (enum_type (i), ""), ==, 0);
      g_assert_null (bd_enum_to_string (enum_type (i), 0));
      g_assert_null (bd_enum_to_string (enum_type (i), 9999));
    }
}

/* An unknown status reaches the object as UNKNOWN plus its raw text, and
 * the raw text is what comes back out for encoding. */
static void
test_unknown_survives (void)
{
  g_autoptr(BdSubscription) sub = bd_subscription_new ();
  g_autoptr(BdSubscription) copy = NULL;
  g_autofree char *raw = NULL;
  const BdField *fields;
  const BdField *status = NULL;
  BdSubscriptionStatus value;
  guint n;

  fields = bd_model_get_fields (BD_TYPE_SUBSCRIPTION, &n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (fields[i].name, "status"))
      status = &fields[i];
  g_assert_nonnull (status);

  {
    g_auto(GValue) v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_STRING);
    g_value_set_string (&v, "hibernating");
    bd_model_set_field (sub, status, &v);
  }

  g_object_get (sub, "status", &value, "status-raw", &raw, NULL);
  g_assert_cmpint (value, ==, BD_SUBSCRIPTION_STATUS_UNKNOWN);
  g_assert_cmpstr (raw, ==, "hibernating");
  g_assert_cmpstr (g_value_get_string (bd_model_peek_field (sub, status)), ==, "hibernating");

  copy = bd_model_copy (sub);
  g_assert_cmpstr (bd_model_get_string (copy, "status-raw"), ==, "hibernating");
  g_assert_true (bd_model_equal (sub, copy));

  /* Setting the enum value sets the raw text too. */
  bd_model_set (sub, "status", BD_SUBSCRIPTION_STATUS_ON_HOLD, NULL);
  g_assert_cmpstr (bd_model_get_string (sub, "status-raw"), ==, "on_hold");
  g_assert_cmpint (bd_model_get_enum (sub, "status"), ==, BD_SUBSCRIPTION_STATUS_ON_HOLD);

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&sub));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/enums/round-trip", test_round_trip);
  g_test_add_func ("/enums/typed-functions", test_typed_functions);
  g_test_add_func ("/enums/webhook-event-count", test_webhook_event_count);
  g_test_add_func ("/enums/unknown", test_unknown);
  g_test_add_func ("/enums/unknown-survives-in-object", test_unknown_survives);

  return g_test_run ();
}
