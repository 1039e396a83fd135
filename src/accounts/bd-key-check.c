/* bd-key-check.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bd-dodo-api.h"
#include "bd-dodo-client.h"
#include "bd-key-check.h"

/* How long the check may take, all retries included: long enough for a
 * slow network, short enough that a person waiting on it is not left
 * wondering. */
#define CHECK_TIMEOUT_MS 20000
#define CHECK_MAX_RETRIES 1

typedef struct
{
  BdAccountMode  mode;
  char          *other_base_url;   /* nullable: no other mode to ask */
  char          *key;              /* wiped when the check ends */
  BdDodoLister  *lister;           /* the read under way */
} KeyCheck;

/* Helpers */

static void
key_check_free (KeyCheck *check)
{
  if (check->key != NULL)
    explicit_bzero (check->key, strlen (check->key));
  g_free (check->key);
  g_free (check->other_base_url);
  g_clear_object (&check->lister);
  g_free (check);
}

/* Gives @error the words people read, keeping its domain and code. */
static void
return_described (GTask    *task,
                  GError   *error,
                  gboolean  other_mode_works)
{
  KeyCheck *check = g_task_get_task_data (task);
  char *message = bd_key_check_describe_error (error, check->mode, other_mode_works, FALSE);

  g_free (error->message);
  error->message = message;
  g_task_return_error (task, error);
}

/* The cheapest read there is, with a client that has only @check's key:
 * the first page of one payment. */
static gboolean
start_read (GTask                *task,
            const char           *base_url,
            GAsyncReadyCallback   callback,
            GError              **error)
{
  KeyCheck *check = g_task_get_task_data (task);
  g_autoptr(BdDodoClient) client = bd_dodo_client_new (base_url, error);

  if (client == NULL)
    return FALSE;

  bd_dodo_client_set_api_key (client, check->key);
  bd_dodo_client_set_max_retries (client, CHECK_MAX_RETRIES);
  bd_dodo_client_set_timeout_ms (client, CHECK_TIMEOUT_MS);

  g_clear_object (&check->lister);
  check->lister = bd_dodo_lister_new (client, BD_DODO_API_PAYMENT_LIST, NULL, NULL, 1);
  bd_dodo_lister_next_async (check->lister, g_task_get_cancellable (task), callback, g_object_ref (task));
  return TRUE;
}

/* Callbacks */

static void
on_other_mode_read (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) other_error = NULL;

  page = bd_dodo_lister_next_finish (BD_DODO_LISTER (object), result, &other_error);
  if (g_error_matches (other_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&other_error));
      return;
    }

  /* Whatever the other server said, the account's own server refused the
   * key: the answer is that refusal, worded by whether the other mode
   * took it. */
  return_described (task, g_error_new_literal (BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED, ""),
                    other_error == NULL);
}

static void
on_key_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyCheck *check = g_task_get_task_data (task);
  g_autoptr(GPtrArray) page = NULL;
  GError *error = NULL;

  page = bd_dodo_lister_next_finish (BD_DODO_LISTER (object), result, &error);
  if (error == NULL)
    {
      const char *business = NULL;

      if (page != NULL && page->len > 0)
        business = bd_model_get_string (page->pdata[0], "business-id");
      g_task_return_pointer (task, g_strdup (business), g_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A refused test key may be a live key, and the other way round: ask the
   * other mode's server before saying which. */
  if (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED) &&
      check->other_base_url != NULL)
    {
      if (start_read (task, check->other_base_url, on_other_mode_read, NULL))
        {
          g_error_free (error);
          return;
        }
    }

  return_described (task, error, FALSE);
}

/* Public API */

void
bd_key_check_server_async (const char          *base_url,
                           BdAccountMode        mode,
                           const char          *other_base_url,
                           const char          *key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  KeyCheck *check;

  g_return_if_fail (base_url != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_key_check_async);
  check = g_new0 (KeyCheck, 1);
  check->mode = mode;
  check->other_base_url = g_strdup (other_base_url);
  check->key = g_strdup (key);
  g_task_set_task_data (task, check, (GDestroyNotify) key_check_free);

  /* A refused address (plain http:// beyond loopback, a typo) is said in
   * the client's own words. */
  if (!start_read (task, base_url, on_key_read, &error))
    g_task_return_error (task, error);
}

/**
 * bd_key_check_async:
 * @account: the account the key is for (its mode and address; it need not
 *   be in the list yet)
 * @key: the key to check
 *
 * Checks @key against @account's server, and for a test or live account
 * against the other mode's server when the first refuses it.
 */
void
bd_key_check_async (BdAccount           *account,
                    const char          *key,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  BdAccountMode mode;
  const char *other = NULL;

  g_return_if_fail (BD_IS_ACCOUNT (account));
  g_return_if_fail (key != NULL);

  mode = bd_account_get_mode (account);
  if (mode == BD_ACCOUNT_MODE_TEST)
    other = BD_DODO_BASE_URL_LIVE;
  else if (mode == BD_ACCOUNT_MODE_LIVE)
    other = BD_DODO_BASE_URL_TEST;

  bd_key_check_server_async (bd_account_get_base_url (account), mode, other, key,
                             cancellable, callback, user_data);
}

gboolean
bd_key_check_finish (GAsyncResult  *result,
                     char         **out_business_id,
                     GError       **error)
{
  g_autofree char *business = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_key_check_async, FALSE);

  business = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_business_id != NULL)
    *out_business_id = g_steal_pointer (&business);
  return TRUE;
}

char *
bd_key_check_describe_error (const GError  *error,
                             BdAccountMode  mode,
                             gboolean       other_mode_works,
                             gboolean       was_write)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED))
    {
      if (other_mode_works && mode == BD_ACCOUNT_MODE_TEST)
        return g_strdup (_("This is a live-mode key; choose Live"));
      if (other_mode_works && mode == BD_ACCOUNT_MODE_LIVE)
        return g_strdup (_("This is a test-mode key; choose Test mode"));
      return g_strdup (_("Dodo Payments did not accept this key. Check that it was copied whole and has not been deleted."));
    }

  if (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_FORBIDDEN))
    {
      if (was_write)
        return g_strdup (_("This key can only read. To do this, make a key with write access in the Dodo Payments dashboard."));
      return g_strdup (_("This key may not read payments. Billing Desk needs a key that can read your business."));
    }

  if (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK))
    {
      if (mode == BD_ACCOUNT_MODE_SANDBOX)
        return g_strdup (_("Could not reach the sandbox at this address — is it running?"));
      return g_strdup (_("Could not reach Dodo Payments — check your connection"));
    }

  /* TLS, server errors, odd answers: the client's message says it best. */
  return g_strdup (error->message);
}
