/* test-key-check.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-key-check"

#include "config.h"

#include <string.h>

#include "bd-dodo-error.h"
#include "bd-key-check.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"

/* The key check that adding an account and replacing a key share
 * (accounts/bd-key-check.c), against real billing-desk-sandbox processes:
 * a key that reads, a refused key, a key of the other mode (a second
 * sandbox stands for the other mode's server), no server at the address,
 * and a cancelled check.  The words are the English ones: the tests run
 * without a translation bound. */

/* Helpers */

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs bd_key_check_server_async() to its end on this thread's context. */
static gboolean
check_server (const char    *base_url,
              BdAccountMode  mode,
              const char    *other_base_url,
              const char    *key,
              GCancellable  *cancellable,
              char         **out_business_id,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bd_key_check_server_async (base_url, mode, other_base_url, key, cancellable, on_checked, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return bd_key_check_finish (result, out_business_id, error);
}

/* The same through an account, as the windows and the command line call it. */
static gboolean
check_account (BdAccount  *account,
               const char *key,
               char      **out_business_id,
               GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bd_key_check_async (account, key, NULL, on_checked, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return bd_key_check_finish (result, out_business_id, error);
}

/* The business the sandbox's newest payment names, read without the check. */
static char *
first_payment_business (BdTestSandbox *sandbox)
{
  g_autoptr(JsonNode) page = bd_test_sandbox_call (sandbox, "GET", "/payments?page_size=1", NULL, 200);
  JsonArray *items = json_object_get_array_member (json_node_get_object (page), "items");

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "business_id"));
}

/* A sandbox's address with nobody listening: the sandbox is stopped. */
static char *
dead_address (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  char *url;

  if (sandbox == NULL)
    return NULL;
  url = g_strdup (bd_test_sandbox_get_url (sandbox));
  bd_test_sandbox_stop (sandbox);
  return url;
}

/* Tests */

static void
test_accepted (void)
{
  g_autoptr(BdTestSandbox) seeded = bd_test_sandbox_start_with ("--seed", "20", NULL);
  g_autoptr(BdTestSandbox) empty = NULL;
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *business = NULL;
  g_autofree char *expected = NULL;
  static char sentinel[] = "not set";
  char *none = sentinel;

  if (seeded == NULL)
    return;

  /* A key that reads: the check passes and names the business its first
   * payment belongs to (what `accounts add` keeps). */
  account = bd_account_new ("Shop", BD_ACCOUNT_MODE_SANDBOX, bd_test_sandbox_get_url (seeded), &error);
  g_assert_no_error (error);
  g_assert_true (check_account (account, bd_test_sandbox_get_key (seeded), &business, &error));
  g_assert_no_error (error);
  expected = first_payment_business (seeded);
  g_assert_nonnull (business);
  g_assert_cmpstr (business, ==, expected);

  /* An account with no payment yet: accepted, no business to name. */
  empty = bd_test_sandbox_start_at_now (NULL);
  if (empty == NULL)
    return;
  g_assert_true (check_server (bd_test_sandbox_get_url (empty), BD_ACCOUNT_MODE_SANDBOX, NULL,
                               bd_test_sandbox_get_key (empty), NULL, &none, &error));
  g_assert_no_error (error);
  g_assert_null (none);
}

static void
test_refused (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *wrong = "sk_test_not_this_sandboxs_key";

  if (sandbox == NULL)
    return;

  account = bd_account_new ("Shop", BD_ACCOUNT_MODE_SANDBOX, bd_test_sandbox_get_url (sandbox), &error);
  g_assert_no_error (error);
  g_assert_false (check_account (account, wrong, NULL, &error));
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==,
                   "Dodo Payments did not accept this key. Check that it was copied whole and has not been deleted.");
  g_assert_null (strstr (error->message, wrong));
}

/* The account's server refuses the key and the other mode's server takes
 * it: the words say which mode the key is for.  A second sandbox, with its
 * own key, stands for the other mode's server. */
static void
test_other_mode (void)
{
  g_autoptr(BdTestSandbox) own = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(BdTestSandbox) other = bd_test_sandbox_start_at_now (NULL);
  const char *own_url, *other_url, *other_key;

  if (own == NULL || other == NULL)
    return;
  own_url = bd_test_sandbox_get_url (own);
  other_url = bd_test_sandbox_get_url (other);
  other_key = bd_test_sandbox_get_key (other);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (check_server (own_url, BD_ACCOUNT_MODE_TEST, other_url, other_key, NULL, NULL, &error));
    g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED);
    g_assert_cmpstr (error->message, ==, "This is a live-mode key; choose Live");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (check_server (own_url, BD_ACCOUNT_MODE_LIVE, other_url, other_key, NULL, NULL, &error));
    g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED);
    g_assert_cmpstr (error->message, ==, "This is a test-mode key; choose Test mode");
  }
  /* Neither server takes it: a plain refusal. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (check_server (own_url, BD_ACCOUNT_MODE_TEST, other_url, "sk_neither", NULL, NULL, &error));
    g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED);
    g_assert_true (g_str_has_prefix (error->message, "Dodo Payments did not accept this key."));
  }
  /* The other mode's server cannot be reached: still a plain refusal, not
   * "no connection" (the account's own server did answer). */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *dead = dead_address ();

    g_assert_nonnull (dead);
    g_assert_false (check_server (own_url, BD_ACCOUNT_MODE_LIVE, dead, other_key, NULL, NULL, &error));
    g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED);
    g_assert_true (g_str_has_prefix (error->message, "Dodo Payments did not accept this key."));
  }
  /* The key the account's own server takes is never sent further. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (check_server (own_url, BD_ACCOUNT_MODE_TEST, other_url,
                                 bd_test_sandbox_get_key (own), NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_unreachable (void)
{
  g_autofree char *dead = dead_address ();
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (dead == NULL)
    return;

  account = bd_account_new ("Shop", BD_ACCOUNT_MODE_SANDBOX, dead, &error);
  g_assert_no_error (error);
  g_assert_false (check_account (account, "sk_any", NULL, &error));
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Could not reach the sandbox at this address — is it running?");
  g_clear_error (&error);

  /* The same for a test or live account's server. */
  g_assert_false (check_server (dead, BD_ACCOUNT_MODE_TEST, NULL, "sk_any", NULL, NULL, &error));
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Could not reach Dodo Payments — check your connection");
}

/* Cancelling says nothing to people: the caller sees G_IO_ERROR_CANCELLED. */
static void
test_cancelled (void)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_at_now (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (sandbox == NULL)
    return;

  g_cancellable_cancel (cancellable);
  g_assert_false (check_server (bd_test_sandbox_get_url (sandbox), BD_ACCOUNT_MODE_SANDBOX, NULL,
                                bd_test_sandbox_get_key (sandbox), cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The words for a 403 (the sandbox has no key that may not read, so the
 * error is made here): on the check's read, and on a write, as the refund
 * dialog asks for them; other errors keep the client's own message. */
static void
test_forbidden_words (void)
{
  g_autoptr(GError) forbidden = g_error_new_literal (BD_DODO_ERROR, BD_DODO_ERROR_FORBIDDEN, "403");
  g_autoptr(GError) server = g_error_new_literal (BD_DODO_ERROR, BD_DODO_ERROR_SERVER, "The server said no");
  g_autofree char *read = bd_key_check_describe_error (forbidden, BD_ACCOUNT_MODE_LIVE, FALSE, FALSE);
  g_autofree char *write = bd_key_check_describe_error (forbidden, BD_ACCOUNT_MODE_LIVE, FALSE, TRUE);
  g_autofree char *other = bd_key_check_describe_error (server, BD_ACCOUNT_MODE_TEST, FALSE, FALSE);

  g_assert_cmpstr (read, ==, "This key may not read payments. Billing Desk needs a key that can read your business.");
  g_assert_cmpstr (write, ==, "This key can only read. To do this, make a key with write access in the Dodo Payments dashboard.");
  g_assert_cmpstr (other, ==, "The server said no");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/key-check/accepted", test_accepted);
  g_test_add_func ("/key-check/refused", test_refused);
  g_test_add_func ("/key-check/other-mode", test_other_mode);
  g_test_add_func ("/key-check/unreachable", test_unreachable);
  g_test_add_func ("/key-check/cancelled", test_cancelled);
  g_test_add_func ("/key-check/forbidden-words", test_forbidden_words);

  return g_test_run ();
}
