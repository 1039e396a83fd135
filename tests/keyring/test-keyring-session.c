/* test-keyring-session.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>

#include "bd-test-util.h"

/* The keyring suite runs against a real gnome-keyring in a private D-Bus
 * session (build-aux/test-session).  This test proves that environment is
 * there and usable, with a throw-away schema of its own: store, look up,
 * replace and clear an item through the Secret Service.  Without a keyring
 * it skips, or fails under CI=true, so a broken recipe never passes quietly. */

static const SecretSchema test_schema = {
  "io.github.billingdesk.BillingDesk.TestOnly", SECRET_SCHEMA_NONE,
  {
    { "purpose", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static void
test_store_lookup_replace_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  char *secret;

  if (!bd_test_require_secret_service ())
    return;

  g_assert_true (secret_password_store_sync (&test_schema, SECRET_COLLECTION_DEFAULT,
                                             "Billing Desk test item", "first-value",
                                             NULL, &error, "purpose", "session-check", NULL));
  g_assert_no_error (error);

  found = secret_password_lookup_sync (&test_schema, NULL, &error, "purpose", "session-check", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "first-value");
  g_clear_pointer (&found, g_free);

  /* Storing under the same attributes replaces, it does not add. */
  g_assert_true (secret_password_store_sync (&test_schema, SECRET_COLLECTION_DEFAULT,
                                             "Billing Desk test item", "second-value",
                                             NULL, &error, "purpose", "session-check", NULL));
  secret = secret_password_lookup_sync (&test_schema, NULL, &error, "purpose", "session-check", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "second-value");
  secret_password_free (secret);

  g_assert_true (secret_password_clear_sync (&test_schema, NULL, &error, "purpose", "session-check", NULL));
  g_assert_no_error (error);
  found = secret_password_lookup_sync (&test_schema, NULL, &error, "purpose", "session-check", NULL);
  g_assert_no_error (error);
  g_assert_null (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/session/store-lookup-replace-clear", test_store_lookup_replace_clear);

  return g_test_run ();
}
