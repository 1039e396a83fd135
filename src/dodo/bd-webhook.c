/* bd-webhook.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-webhook.h"

G_DEFINE_QUARK (bd-webhook-error-quark, bd_webhook_error)

#define SECRET_PREFIX "whsec_"

/* The HMAC key is the base64-decoded secret.  g_base64_decode() skips
 * characters outside the alphabet, so the text is checked first: a mistyped
 * secret must be an error, not a different key. */
static GBytes *
decode_secret (const char  *secret,
               GError     **error)
{
  g_autofree char *padded = NULL;
  g_autofree guchar *key = NULL;
  gsize len, key_len = 0, i;

  if (g_str_has_prefix (secret, SECRET_PREFIX))
    secret += strlen (SECRET_PREFIX);

  len = strlen (secret);
  while (len > 0 && secret[len - 1] == '=')
    len--;

  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (secret[i]) && secret[i] != '+' && secret[i] != '/')
      break;

  if (len == 0 || i < len || len % 4 == 1 || strlen (secret) - len > 2)
    {
      g_set_error_literal (error, BD_WEBHOOK_ERROR, BD_WEBHOOK_ERROR_BAD_SECRET,
                           _("The webhook secret is not valid base64"));
      return NULL;
    }

  /* Re-pad so that secrets written without '=' decode too. */
  padded = g_strndup (secret, len + (4 - len % 4) % 4);
  memset (padded + len, '=', strlen (padded) - len);
  key = g_base64_decode (padded, &key_len);

  return g_bytes_new_take (g_steal_pointer (&key), key_len);
}

/* base64 (HMAC-SHA256 (key, "id.timestamp.body")) */
static char *
compute_signature (GBytes     *key,
                   const char *webhook_id,
                   const char *timestamp,
                   GBytes     *body)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gsize body_len = 0;
  const guint8 *body_data = g_bytes_get_data (body, &body_len);
  gsize key_len = 0;
  const guint8 *key_data = g_bytes_get_data (key, &key_len);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, key_data, key_len);
  g_hmac_update (hmac, (const guchar *) webhook_id, -1);
  g_hmac_update (hmac, (const guchar *) ".", 1);
  g_hmac_update (hmac, (const guchar *) timestamp, -1);
  g_hmac_update (hmac, (const guchar *) ".", 1);
  if (body_len > 0)
    g_hmac_update (hmac, body_data, body_len);
  g_hmac_get_digest (hmac, digest, &digest_len);

  return g_base64_encode (digest, digest_len);
}

/* Compares in time that depends only on the lengths, which are public. */
static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize len = strlen (a);
  guint8 diff = 0;

  if (len != strlen (b))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i];

  return diff == 0;
}

/* Unix seconds as plain decimal digits: no sign, no spaces, no fraction. */
static gboolean
parse_timestamp (const char *text,
                 gint64     *out)
{
  guint64 value = 0;

  if (text[0] == '\0' || strlen (text) > 18)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }

  *out = (gint64) value;
  return TRUE;
}

char *
bd_webhook_sign (const char  *secret,
                 const char  *webhook_id,
                 gint64       timestamp,
                 GBytes      *body,
                 GError     **error)
{
  g_autoptr(GBytes) key = NULL;
  g_autofree char *ts = NULL;
  g_autofree char *signature = NULL;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (webhook_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(key = decode_secret (secret, error)))
    return NULL;

  ts = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  signature = compute_signature (key, webhook_id, ts, body);

  return g_strconcat ("v1,", signature, NULL);
}

gboolean
bd_webhook_verify (const char  *secret,
                   const char  *webhook_id,
                   const char  *webhook_timestamp,
                   const char  *webhook_signature,
                   GBytes      *body,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(GBytes) key = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) entries = NULL;
  gboolean matched = FALSE;
  gint64 timestamp;

  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The secret first: a misconfigured secret should show up at once, not
   * only when a fresh delivery arrives. */
  if (!(key = decode_secret (secret, error)))
    return FALSE;

  if (webhook_id == NULL || webhook_timestamp == NULL || webhook_signature == NULL)
    {
      g_set_error (error, BD_WEBHOOK_ERROR, BD_WEBHOOK_ERROR_MISSING_HEADER,
                   _("The webhook has no “%s” header"),
                   webhook_id == NULL ? "webhook-id" :
                   webhook_timestamp == NULL ? "webhook-timestamp" :
                   "webhook-signature");
      return FALSE;
    }

  if (!parse_timestamp (webhook_timestamp, &timestamp))
    {
      g_set_error_literal (error, BD_WEBHOOK_ERROR, BD_WEBHOOK_ERROR_BAD_TIMESTAMP,
                           _("The webhook timestamp is not a whole number of seconds"));
      return FALSE;
    }

  if (timestamp < now - BD_WEBHOOK_TOLERANCE_SECONDS)
    {
      g_set_error_literal (error, BD_WEBHOOK_ERROR, BD_WEBHOOK_ERROR_TOO_OLD,
                           _("The webhook is more than five minutes old"));
      return FALSE;
    }

  if (timestamp > now + BD_WEBHOOK_TOLERANCE_SECONDS)
    {
      g_set_error_literal (error, BD_WEBHOOK_ERROR, BD_WEBHOOK_ERROR_TOO_NEW,
                           _("The webhook timestamp is more than five minutes in the future"));
      return FALSE;
    }

  expected = compute_signature (key, webhook_id, webhook_timestamp, body);

  /* Every v1 entry is compared, even after a match, so the time taken does
   * not tell which entry matched.  Other versions are skipped. */
  entries = g_strsplit (webhook_signature, " ", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    if (g_str_has_prefix (entries[i], "v1,"))
      matched |= equal_constant_time (entries[i] + 3, expected);

  if (!matched)
    {
      g_set_error_literal (error, BD_WEBHOOK_ERROR, BD_WEBHOOK_ERROR_NO_MATCHING_SIGNATURE,
                           _("The webhook signature does not match"));
      return FALSE;
    }

  return TRUE;
}
