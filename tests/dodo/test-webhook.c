/* test-webhook.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-webhook"

#include "config.h"

#include <string.h>

#include "bd-webhook.h"

typedef struct
{
  const char *secret;
  const char *id;
  gint64      timestamp;
  const char *body;
  const char *signature;
} Vector;

/* dodo-api.md §5.4: Billing Desk's own vector, then the public Standard
 * Webhooks one. */
static const Vector vectors[] = {
  {
    "whsec_ZG9kby1tb2NrLXNpZ25pbmcta2V5LTAxMjM0NTY3ODk=",
    "msg_2Lm0ckW3bh00kId0001",
    1767225600,
    "{\"business_id\":\"bus_mock\",\"type\":\"payment.succeeded\",\"timestamp\":\"2026-01-01T00:00:00Z\","
    "\"data\":{\"payload_type\":\"Payment\",\"payment_id\":\"pay_mock0001\",\"total_amount\":1999,"
    "\"currency\":\"USD\",\"status\":\"succeeded\"}}",
    "v1,ddjZtuKH/HZFY194zFGoNxJC5MKYKhmSQiE6H40px+o=",
  },
  {
    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "msg_p5jXN8AQM9LWM0D4loKWxJek",
    1614265330,
    "{\"test\": 2432232314}",
    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  },
};

static const Vector *v0 = &vectors[0];

static GBytes *
body_of (const Vector *v)
{
  return g_bytes_new_static (v->body, strlen (v->body));
}

/* Verifies the first vector with some fields replaced. */
static gboolean
verify (const char  *secret,
        const char  *id,
        const char  *timestamp,
        const char  *signature,
        const char  *body,
        gint64       now,
        GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

  return bd_webhook_verify (secret, id, timestamp, signature, bytes, now, error);
}

static void
assert_rejected (const char *secret,
                 const char *id,
                 const char *timestamp,
                 const char *signature,
                 const char *body,
                 gint64      now,
                 int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (verify (secret, id, timestamp, signature, body, now, &error));
  g_assert_error (error, BD_WEBHOOK_ERROR, code);
  g_assert_nonnull (error->message);
}

static void
test_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const Vector *v = &vectors[i];
      const char *bare = v->secret + strlen ("whsec_");
      g_autoptr(GBytes) body = body_of (v);
      g_autofree char *ts = g_strdup_printf ("%" G_GINT64_FORMAT, v->timestamp);
      g_autofree char *signed_prefixed = NULL;
      g_autofree char *signed_bare = NULL;
      g_autoptr(GError) error = NULL;

      signed_prefixed = bd_webhook_sign (v->secret, v->id, v->timestamp, body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signed_prefixed, ==, v->signature);

      signed_bare = bd_webhook_sign (bare, v->id, v->timestamp, body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (signed_bare, ==, v->signature);

      g_assert_true (bd_webhook_verify (v->secret, v->id, ts, v->signature, body, v->timestamp, &error));
      g_assert_no_error (error);
      g_assert_true (bd_webhook_verify (bare, v->id, ts, v->signature, body, v->timestamp + 60, &error));
      g_assert_no_error (error);
    }
}

static void
test_missing_header (void)
{
  const char *ts = "1767225600";

  assert_rejected (v0->secret, NULL, ts, v0->signature, v0->body, v0->timestamp,
                   BD_WEBHOOK_ERROR_MISSING_HEADER);
  assert_rejected (v0->secret, v0->id, NULL, v0->signature, v0->body, v0->timestamp,
                   BD_WEBHOOK_ERROR_MISSING_HEADER);
  assert_rejected (v0->secret, v0->id, ts, NULL, v0->body, v0->timestamp,
                   BD_WEBHOOK_ERROR_MISSING_HEADER);
}

static void
test_bad_timestamp (void)
{
  const char *bad[] = { "", "abc", "-1767225600", "+1767225600", " 1767225600",
                        "1767225600 ", "1767225600.0", "1.7e9", "0x6955b900",
                        "99999999999999999999999" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_rejected (v0->secret, v0->id, bad[i], v0->signature, v0->body, v0->timestamp,
                     BD_WEBHOOK_ERROR_BAD_TIMESTAMP);
}

static void
test_tolerance (void)
{
  const char *ts = "1767225600";
  gint64 t = v0->timestamp;
  g_autoptr(GError) error = NULL;

  /* Exactly five minutes either way is still accepted. */
  g_assert_true (verify (v0->secret, v0->id, ts, v0->signature, v0->body, t + 300, &error));
  g_assert_true (verify (v0->secret, v0->id, ts, v0->signature, v0->body, t - 300, &error));
  g_assert_no_error (error);

  assert_rejected (v0->secret, v0->id, ts, v0->signature, v0->body, t + 301,
                   BD_WEBHOOK_ERROR_TOO_OLD);
  assert_rejected (v0->secret, v0->id, ts, v0->signature, v0->body, t - 301,
                   BD_WEBHOOK_ERROR_TOO_NEW);
}

static void
test_tampered (void)
{
  const char *ts = "1767225600";
  g_autofree char *body = g_strdup (v0->body);
  g_autofree char *truncated = g_strndup (v0->signature, strlen (v0->signature) - 4);

  /* 1999 → 1998: one byte of the body. */
  *strstr (body, "1999") = '2';
  assert_rejected (v0->secret, v0->id, ts, v0->signature, body, v0->timestamp,
                   BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);
  /* A trailing newline is a different body too. */
  g_free (g_steal_pointer (&body));
  body = g_strconcat (v0->body, "\n", NULL);
  assert_rejected (v0->secret, v0->id, ts, v0->signature, body, v0->timestamp,
                   BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);

  assert_rejected (v0->secret, v0->id, ts, truncated, v0->body, v0->timestamp,
                   BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);
  assert_rejected (v0->secret, "msg_other", ts, v0->signature, v0->body, v0->timestamp,
                   BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);
  assert_rejected (v0->secret, v0->id, "1767225601", v0->signature, v0->body, v0->timestamp,
                   BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);
  /* The right signature under another version tag does not count. */
  assert_rejected (v0->secret, v0->id, ts, "v1a,ddjZtuKH/HZFY194zFGoNxJC5MKYKhmSQiE6H40px+o=",
                   v0->body, v0->timestamp, BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);
  /* Another secret. */
  assert_rejected (vectors[1].secret, v0->id, ts, v0->signature, v0->body, v0->timestamp,
                   BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);
}

static void
test_several_signatures (void)
{
  const char *ts = "1767225600";
  g_autofree char *header = NULL;
  g_autoptr(GError) error = NULL;

  /* During a secret rotation: an old signature, an unknown version, then
   * the valid one. */
  header = g_strdup_printf ("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v2,abc %s",
                            v0->signature);
  g_assert_true (verify (v0->secret, v0->id, ts, header, v0->body, v0->timestamp, &error));
  g_assert_no_error (error);

  assert_rejected (v0->secret, v0->id, ts,
                   "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v2,abc",
                   v0->body, v0->timestamp, BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE);
}

static void
test_bad_secret (void)
{
  const char *ts = "1767225600";
  const char *bad[] = { "", "whsec_", "whsec_!!!!", "whsec_ZG9k*2", "whsec_Z", "whsec_ZG9k====" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) body = body_of (v0);
      g_autoptr(GError) error = NULL;
      g_autofree char *signature = bd_webhook_sign (bad[i], v0->id, v0->timestamp, body, &error);

      g_assert_null (signature);
      g_assert_error (error, BD_WEBHOOK_ERROR, BD_WEBHOOK_ERROR_BAD_SECRET);
      assert_rejected (bad[i], v0->id, ts, v0->signature, v0->body, v0->timestamp,
                       BD_WEBHOOK_ERROR_BAD_SECRET);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/webhook/vectors", test_vectors);
  g_test_add_func ("/webhook/missing-header", test_missing_header);
  g_test_add_func ("/webhook/bad-timestamp", test_bad_timestamp);
  g_test_add_func ("/webhook/tolerance", test_tolerance);
  g_test_add_func ("/webhook/tampered", test_tampered);
  g_test_add_func ("/webhook/several-signatures", test_several_signatures);
  g_test_add_func ("/webhook/bad-secret", test_bad_secret);

  return g_test_run ();
}
