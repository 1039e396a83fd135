/* bd-dodo-response.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-dodo-client.h"
#include "bd-dodo-private.h"

/* Strict JSON (RFC 8259).  json-glib 1.6 also takes comments, single quotes,
 * leading zeros, unknown escapes, raw control characters, an empty text and
 * a second document after the first (which it drops), so every answer is
 * checked here before json-glib builds the tree. */

#define MAX_DEPTH 128

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;
  GPtrArray  *big_ints;  /* (nullable): the ends of integers beyond gint64 */
} Scan;

static gboolean scan_value (Scan *s);

static void
skip_space (Scan *s)
{
  while (s->p < s->end &&
         (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
accept (Scan *s,
        char  c)
{
  if (s->p < s->end && *s->p == c)
    {
      s->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
scan_digits (Scan *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;

  return s->p > start;
}

static gboolean
scan_exponent (Scan *s)
{
  if (accept (s, 'e') || accept (s, 'E'))
    {
      if (!accept (s, '+'))
        accept (s, '-');
      return scan_digits (s);
    }
  return TRUE;
}

/* json-glib 1.6 reads an integer literal as a guint64 (saturating) cast to
 * gint64: 2^63 becomes G_MININT64 and any literal of 20 digits or more -1.
 * So an integer beyond gint64 is noted here and handed to json-glib as a
 * double (".0" appended): it arrives approximate but flagged, never silently
 * wrong, and the codec rejects a double where an integer belongs. */
static void
note_big_integer (Scan       *s,
                  const char *start)
{
  gboolean negative = *start == '-';
  const char *digits = start + negative;
  gsize len = s->p - digits;

  if (len < 19 ||
      (len == 19 && memcmp (digits, negative ? "9223372036854775808" : "9223372036854775807", 19) <= 0))
    return;

  if (s->big_ints == NULL)
    s->big_ints = g_ptr_array_new ();
  g_ptr_array_add (s->big_ints, (gpointer) s->p);
}

static gboolean
scan_number (Scan *s)
{
  const char *start = s->p;

  accept (s, '-');
  if (!accept (s, '0') && !scan_digits (s))
    return FALSE;
  if (accept (s, '.'))
    return scan_digits (s) && scan_exponent (s);
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    return scan_exponent (s);

  note_big_integer (s, start);
  return TRUE;
}

static gboolean
scan_string (Scan *s)
{
  if (!accept (s, '"'))
    return FALSE;

  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p++;

      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        continue;
      if (s->p >= s->end)
        return FALSE;

      c = (guchar) *s->p++;
      if (c == 'u')
        {
          for (guint i = 0; i < 4; i++, s->p++)
            if (s->p >= s->end || !g_ascii_isxdigit (*s->p))
              return FALSE;
        }
      else if (c == '\0' || strchr ("\"\\/bfnrt", c) == NULL)
        return FALSE;
    }

  return FALSE;
}

static gboolean
scan_literal (Scan       *s,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

/* Members of an object (@close '}') or elements of an array (']'). */
static gboolean
scan_container (Scan *s,
                char  close)
{
  if (++s->depth > MAX_DEPTH)
    return FALSE;

  skip_space (s);
  if (!accept (s, close))
    {
      do
        {
          skip_space (s);
          if (close == '}')
            {
              if (!scan_string (s))
                return FALSE;
              skip_space (s);
              if (!accept (s, ':'))
                return FALSE;
            }
          if (!scan_value (s))
            return FALSE;
          skip_space (s);
        }
      while (accept (s, ','));

      if (!accept (s, close))
        return FALSE;
    }

  s->depth--;
  return TRUE;
}

static gboolean
scan_value (Scan *s)
{
  skip_space (s);
  if (s->p >= s->end)
    return FALSE;

  switch (*s->p)
    {
    case '{':
      s->p++;
      return scan_container (s, '}');
    case '[':
      s->p++;
      return scan_container (s, ']');
    case '"':
      return scan_string (s);
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    default:
      return scan_number (s);
    }
}

JsonNode *
bd_dodo_parse_json (GBytes  *bytes,
                    GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) big_ints = NULL;
  g_autoptr(GString) rewritten = NULL;
  gsize len = 0;
  const char *data;
  Scan s;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  s = (Scan) { data, data + len, 0, NULL };

  if (!scan_value (&s) || (skip_space (&s), s.p != s.end))
    {
      g_clear_pointer (&s.big_ints, g_ptr_array_unref);
      g_set_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
                   _("Dodo Payments sent an answer that is not valid JSON (at byte %lu)"),
                   (unsigned long) (s.p - data));
      return NULL;
    }

  /* See note_big_integer(). */
  big_ints = g_steal_pointer (&s.big_ints);
  if (big_ints != NULL)
    {
      const char *copied = data;

      rewritten = g_string_sized_new (len + 2 * big_ints->len);
      for (guint i = 0; i < big_ints->len; i++)
        {
          const char *end = g_ptr_array_index (big_ints, i);

          g_string_append_len (rewritten, copied, end - copied);
          g_string_append (rewritten, ".0");
          copied = end;
        }
      g_string_append_len (rewritten, copied, data + len - copied);
      data = rewritten->str;
      len = rewritten->len;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
                   _("Dodo Payments sent an answer that is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* Dodo's error body is {"code": …, "message": …}, but a 5xx may have an
 * empty body or an HTML page: take what is there and ignore the rest. */
static void
parse_error_body (GBytes  *body,
                  char   **code,
                  char   **message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonObject *object;

  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "code" : "message";
      JsonNode *node = json_object_get_member (object, name);
      const char *value;

      if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      value = json_node_get_string (node);
      if (value != NULL && value[0] != '\0')
        *(i == 0 ? code : message) = g_strdup (value);
    }
}

/* The statuses with a code of their own; other 4xx are invalid requests. */
static const struct {
  guint        status;
  BdDodoError  code;
  const char  *fallback;
} statuses[] = {
  { SOUP_STATUS_UNAUTHORIZED, BD_DODO_ERROR_UNAUTHORIZED, N_("Dodo Payments did not accept the API key") },
  { SOUP_STATUS_FORBIDDEN, BD_DODO_ERROR_FORBIDDEN, N_("The API key is not allowed to do this") },
  { SOUP_STATUS_NOT_FOUND, BD_DODO_ERROR_NOT_FOUND, N_("Dodo Payments does not know this object") },
  { SOUP_STATUS_CONFLICT, BD_DODO_ERROR_CONFLICT, N_("The object changed on Dodo Payments in the meantime") },
  { BD_HTTP_TOO_MANY_REQUESTS, BD_DODO_ERROR_RATE_LIMITED, N_("Dodo Payments is receiving too many requests from this account") },
};

GError *
bd_dodo_error_from_status (guint   status,
                           GBytes *body)
{
  g_autofree char *code = NULL;
  g_autofree char *server_message = NULL;
  g_autofree char *message = NULL;
  const char *fallback = N_("Dodo Payments sent an unexpected answer");
  BdDodoError error_code = BD_DODO_ERROR_BAD_RESPONSE;

  parse_error_body (body, &code, &server_message);

  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      error_code = BD_DODO_ERROR_SERVER;
      fallback = N_("Dodo Payments had an internal error");
    }
  else if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    {
      error_code = BD_DODO_ERROR_INVALID_REQUEST;
      fallback = N_("Dodo Payments refused the request");
    }

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i].status == status)
      {
        error_code = statuses[i].code;
        fallback = statuses[i].fallback;
      }

  /* The server's own words when it sent them, e.g. "Refund amount exceeds
   * paid amount (REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT)". */
  if (server_message != NULL)
    message = code != NULL ? g_strdup_printf ("%s (%s)", server_message, code)
                           : g_strdup (server_message);
  else
    message = g_strdup_printf ("%s (%s)", _(fallback),
                               code != NULL ? code : soup_status_get_phrase (status));

  return bd_dodo_error_new_full (error_code, status, code, server_message, FALSE, message);
}

GError *
bd_dodo_error_from_transport (const GError *error,
                              gboolean      ambiguous_write)
{
  g_autofree char *message = NULL;
  BdDodoError code = BD_DODO_ERROR_NETWORK;

  if (ambiguous_write)
    message = g_strdup_printf (_("The connection to Dodo Payments failed after the request was sent (%s). "
                                 "It may have been carried out: check before sending it again."),
                               error->message);
  else if (bd_dodo_is_tls_setup_error (error))
    {
      code = BD_DODO_ERROR_TLS;
      message = g_strdup_printf (_("Could not set up a secure connection to Dodo Payments: %s"),
                                 error->message);
    }
  else if (error->domain == SOUP_SESSION_ERROR)
    {
      code = BD_DODO_ERROR_BAD_RESPONSE;
      message = g_strdup_printf (_("Dodo Payments sent a malformed answer: %s"), error->message);
    }
  else
    message = g_strdup_printf (_("Could not reach Dodo Payments: %s"), error->message);

  return bd_dodo_error_new_full (code, 0, NULL, NULL, ambiguous_write, message);
}

GError *
bd_dodo_error_deadline (guint    timeout_ms,
                        gboolean ambiguous_write)
{
  g_autofree char *message = NULL;

  if (ambiguous_write)
    message = g_strdup_printf (_("Dodo Payments did not answer within %.1f s. "
                                 "The request may have been carried out: check before sending it again."),
                               timeout_ms / 1000.0);
  else
    message = g_strdup_printf (_("Dodo Payments did not answer within %.1f s"),
                               timeout_ms / 1000.0);

  return bd_dodo_error_new_full (BD_DODO_ERROR_NETWORK, 0, NULL, NULL, ambiguous_write, message);
}
