/* bd-dodo-codec.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dodo"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-dodo-client.h"
#include "bd-dodo-codec.h"
#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-payment.h"
#include "bd-refund.h"
#include "bd-subscription.h"
#include "bd-webhook-event.h"

/* How it works: one table, `kinds`, gives a decode and an encode function
 * for each BdFieldKind; decode_object() and encode_object() walk a type's
 * field table and call them.  The rest is the JSON plumbing they share.
 *
 * Decisions a reader should know:
 *
 *   - Error messages read "Payment.refunds[0].amount: expected an integer,
 *     got a string" or "Subscription: required field “customer.email” is
 *     missing": the top-level type's name without "Bd", then the JSON path
 *     (member names and [index]) to the culprit.
 *   - Integers: bd_dodo_parse_json() hands a literal beyond gint64 to
 *     json-glib as a double (json-glib would wrap it), so every integer node
 *     here is exact, and a double where an integer belongs is an error,
 *     "out of range" when it is integral.
 *   - INT and BOOLEAN fields are always encoded: they cannot be unset (the
 *     contract: an optional integer cannot tell null from 0).  LIST fields
 *     are always encoded too, empty as [].  Other kinds are unset when their
 *     value is NULL.
 *   - Webhook payloads the app does not model (LicenseKey, Payout, …)
 *     decode to a NULL "data"; "payload-type" still says what it was and
 *     the store keeps the raw JSON.  Encoding such an event writes only
 *     {"payload_type": …} as its data.
 *   - A metadata value that is a number or a boolean is kept as its JSON
 *     text and encoded back as a string.
 */

/* The member of a webhook "data" object that names its type. */
#define PAYLOAD_TYPE_MEMBER "payload_type"

/* ------------------------------------------------------------ JSON types */

typedef enum
{
  JSON_KIND_NULL,
  JSON_KIND_OBJECT,
  JSON_KIND_ARRAY,
  JSON_KIND_STRING,
  JSON_KIND_INTEGER,
  JSON_KIND_NUMBER,
  JSON_KIND_BOOLEAN,
} JsonKind;

/* For "expected %s, got %s".  "null" is JSON's own word. */
static const char * const json_kind_names[] = {
  /* Translators: the JSON types, as in "expected an integer, got a string" */
  "null",
  N_("an object"),
  N_("an array"),
  N_("a string"),
  N_("an integer"),
  N_("a number"),
  N_("a boolean"),
};

static JsonKind
json_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return JSON_KIND_OBJECT;
    case JSON_NODE_ARRAY:
      return JSON_KIND_ARRAY;
    case JSON_NODE_NULL:
      return JSON_KIND_NULL;
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return JSON_KIND_STRING;
    case G_TYPE_INT64:
      return JSON_KIND_INTEGER;
    case G_TYPE_BOOLEAN:
      return JSON_KIND_BOOLEAN;
    default:
      return JSON_KIND_NUMBER;
    }
}

/* ---------------------------------------------------------------- decode */

typedef struct
{
  JsonObject  *object;  /* the JSON object being decoded */
  const char  *where;   /* its name in messages: "Payment", "Payment.refunds[0]" */
  GError     **error;
} Decoder;

/* Sets "WHERE.KEY: PROBLEM" (or "WHERE: PROBLEM" for a NULL @key) and
 * returns FALSE. */
G_GNUC_PRINTF (3, 4)
static gboolean
fail (Decoder    *d,
      const char *key,
      const char *format,
      ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (d->error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
               "%s%s%s: %s", d->where, key != NULL ? "." : "", key != NULL ? key : "",
               problem);

  return FALSE;
}

/* Checks that @node is of @kind; on a mismatch, fails naming @key. */
static gboolean
expect (Decoder    *d,
        const char *key,
        JsonNode   *node,
        JsonKind    kind)
{
  JsonKind got = json_kind (node);

  if (got == kind)
    return TRUE;

  if (kind == JSON_KIND_INTEGER && got == JSON_KIND_NUMBER)
    {
      double x = json_node_get_double (node);

      if (x == floor (x) && fabs (x) >= 0x1p63)
        return fail (d, key, _("integer out of range"));
    }

  /* Translators: "expected an integer, got a string" */
  return fail (d, key, _("expected %s, got %s"),
               _(json_kind_names[kind]), _(json_kind_names[got]));
}

/* Finds the member at the dotted @path of the object.  *out is NULL when
 * the path is missing, or null on the way; a parent that is there but not
 * an object is an error. */
static gboolean
lookup (Decoder     *d,
        const char  *path,
        JsonNode   **out)
{
  JsonObject *object = d->object;
  const char *name = path;
  const char *dot;

  *out = NULL;

  while ((dot = strchr (name, '.')) != NULL)
    {
      g_autofree char *parent_name = g_strndup (name, dot - name);
      JsonNode *parent = json_object_get_member (object, parent_name);

      if (parent == NULL || JSON_NODE_HOLDS_NULL (parent))
        return TRUE;
      if (!JSON_NODE_HOLDS_OBJECT (parent))
        {
          g_autofree char *parent_path = g_strndup (path, dot - path);

          return expect (d, parent_path, parent, JSON_KIND_OBJECT);
        }

      object = json_node_get_object (parent);
      name = dot + 1;
    }

  *out = json_object_get_member (object, name);

  return TRUE;
}

/* STRING, ENUM (its raw text), INT and BOOLEAN: the JSON value itself. */
static gboolean
decode_scalar (Decoder       *d,
               const BdField *f,
               JsonNode      *node,
               GValue        *value)
{
  static const JsonKind json_kinds[] = {
    [BD_FIELD_STRING] = JSON_KIND_STRING,
    [BD_FIELD_ENUM] = JSON_KIND_STRING,
    [BD_FIELD_INT] = JSON_KIND_INTEGER,
    [BD_FIELD_BOOLEAN] = JSON_KIND_BOOLEAN,
  };

  if (!expect (d, f->json_key, node, json_kinds[f->kind]))
    return FALSE;

  json_node_get_value (node, value);

  return TRUE;
}

/* The amount (an integer, or a decimal string with BD_FIELD_AMOUNT_STRING)
 * and the currency beside it, which the amount makes required. */
static gboolean
decode_money (Decoder       *d,
              const BdField *f,
              JsonNode      *node,
              GValue        *value)
{
  JsonNode *currency_node;
  const char *currency;
  gint64 amount;
  BdMoney *money;

  if (f->flags & BD_FIELD_AMOUNT_STRING)
    {
      if (!expect (d, f->json_key, node, JSON_KIND_STRING))
        return FALSE;
      if (!g_ascii_string_to_signed (json_node_get_string (node), 10,
                                     G_MININT64, G_MAXINT64, &amount, NULL))
        return fail (d, f->json_key, _("expected an integer in a string, got “%s”"),
                     json_node_get_string (node));
    }
  else if (expect (d, f->json_key, node, JSON_KIND_INTEGER))
    amount = json_node_get_int (node);
  else
    return FALSE;

  if (!lookup (d, f->currency_key, &currency_node))
    return FALSE;
  if (currency_node == NULL || JSON_NODE_HOLDS_NULL (currency_node))
    return fail (d, NULL, _("required field “%s” is missing"), f->currency_key);
  if (!expect (d, f->currency_key, currency_node, JSON_KIND_STRING))
    return FALSE;

  currency = json_node_get_string (currency_node);
  money = bd_money_new (amount, currency);
  if (money == NULL)
    return fail (d, f->currency_key, _("unknown currency “%s”"), currency);

  g_value_init (value, BD_TYPE_MONEY);
  g_value_take_boxed (value, money);

  return TRUE;
}

/* RFC 3339's shape, "2025-08-04T05:30:31.152232Z" or "…+05:30", which
 * g_date_time_new_from_iso8601() then checks further; it alone would also
 * take ISO 8601's week and ordinal dates. */
static gboolean
is_rfc3339 (const char *s)
{
  const char *shape = "0000-00-00T00:00:00";

  for (; *shape != '\0'; shape++, s++)
    if (*shape == '0' ? !g_ascii_isdigit (*s) : g_ascii_toupper (*s) != *shape)
      return FALSE;

  if (*s == '.')
    {
      if (!g_ascii_isdigit (*++s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }

  if (*s == 'Z' || *s == 'z')
    return s[1] == '\0';

  return (*s == '+' || *s == '-') &&
         g_ascii_isdigit (s[1]) && g_ascii_isdigit (s[2]) && s[3] == ':' &&
         g_ascii_isdigit (s[4]) && g_ascii_isdigit (s[5]) && s[6] == '\0';
}

static gboolean
decode_datetime (Decoder       *d,
                 const BdField *f,
                 JsonNode      *node,
                 GValue        *value)
{
  const char *text;
  GDateTime *time = NULL;

  if (!expect (d, f->json_key, node, JSON_KIND_STRING))
    return FALSE;

  text = json_node_get_string (node);
  if (is_rfc3339 (text))
    time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return fail (d, f->json_key, _("expected an RFC 3339 date-time, got “%s”"), text);

  g_value_init (value, G_TYPE_DATE_TIME);
  g_value_take_boxed (value, time);

  return TRUE;
}

/* An object of strings, numbers and booleans; numbers and booleans are
 * kept as their JSON text. */
static gboolean
decode_metadata (Decoder       *d,
                 const BdField *f,
                 JsonNode      *node,
                 GValue        *value)
{
  g_autoptr(GHashTable) table = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!expect (d, f->json_key, node, JSON_KIND_OBJECT))
    return FALSE;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &member))
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      const char *text;

      switch (json_kind (member))
        {
        case JSON_KIND_STRING:
          text = json_node_get_string (member);
          break;
        case JSON_KIND_INTEGER:
          g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, json_node_get_int (member));
          text = number;
          break;
        case JSON_KIND_NUMBER:
          text = g_ascii_dtostr (number, sizeof number, json_node_get_double (member));
          break;
        case JSON_KIND_BOOLEAN:
          text = json_node_get_boolean (member) ? "true" : "false";
          break;
        default:
          {
            g_autofree char *key = g_strconcat (f->json_key, ".", name, NULL);

            return fail (d, key, _("expected a string, a number or a boolean, got %s"),
                         _(json_kind_names[json_kind (member)]));
          }
        }

      g_hash_table_insert (table, g_strdup (name), g_strdup (text));
    }

  g_value_init (value, G_TYPE_HASH_TABLE);
  g_value_take_boxed (value, g_steal_pointer (&table));

  return TRUE;
}

/* Calls @func for each element of the array @node, with its path
 * "KEY[i]"; stops at the first that fails. */
typedef gboolean (*ElementFunc) (Decoder    *d,
                                 const char *path,
                                 JsonNode   *element,
                                 gpointer    user_data);

static gboolean
foreach_element (Decoder       *d,
                 const BdField *f,
                 JsonNode      *node,
                 ElementFunc    func,
                 gpointer       user_data)
{
  JsonArray *array;

  if (!expect (d, f->json_key, node, JSON_KIND_ARRAY))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", f->json_key, i);

      if (!func (d, path, json_array_get_element (array, i), user_data))
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_string (Decoder    *d,
            const char *path,
            JsonNode   *element,
            gpointer    user_data)
{
  if (!expect (d, path, element, JSON_KIND_STRING))
    return FALSE;

  g_ptr_array_add (user_data, g_strdup (json_node_get_string (element)));

  return TRUE;
}

static gboolean
decode_strv (Decoder       *d,
             const BdField *f,
             JsonNode      *node,
             GValue        *value)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  if (!foreach_element (d, f, node, add_string, strings))
    return FALSE;

  g_ptr_array_add (strings, NULL);
  g_value_init (value, G_TYPE_STRV);
  g_value_take_boxed (value, g_ptr_array_free (g_steal_pointer (&strings), FALSE));

  return TRUE;
}

static gpointer decode_object (GType        type,
                               JsonNode    *node,
                               const char  *where,
                               GError     **error);

static gboolean
add_item (Decoder    *d,
          const char *path,
          JsonNode   *element,
          gpointer    user_data)
{
  GListStore *store = user_data;
  g_autofree char *where = g_strconcat (d->where, ".", path, NULL);
  g_autoptr(BdModel) item = decode_object (g_list_model_get_item_type (G_LIST_MODEL (store)),
                                           element, where, d->error);

  if (item == NULL)
    return FALSE;

  g_list_store_append (store, item);

  return TRUE;
}

static gboolean
decode_list (Decoder       *d,
             const BdField *f,
             JsonNode      *node,
             GValue        *value)
{
  g_autoptr(GListStore) store = g_list_store_new (f->type_func ());

  if (!foreach_element (d, f, node, add_item, store))
    return FALSE;

  g_value_init (value, G_TYPE_LIST_MODEL);
  g_value_take_object (value, g_steal_pointer (&store));

  return TRUE;
}

/* A webhook's "data", of the type its "payload_type" names; NULL for a
 * type the app does not model. */
static gboolean
decode_nested (Decoder       *d,
               const BdField *f,
               JsonNode      *node,
               GValue        *value)
{
  g_autofree char *where = g_strconcat (d->where, ".", f->json_key, NULL);
  GType type = G_TYPE_INVALID;
  JsonNode *tag;

  if (!expect (d, f->json_key, node, JSON_KIND_OBJECT))
    return FALSE;

  tag = json_object_get_member (json_node_get_object (node), PAYLOAD_TYPE_MEMBER);
  if (tag != NULL && json_kind (tag) == JSON_KIND_STRING)
    type = bd_webhook_event_payload_gtype (json_node_get_string (tag));

  g_value_init (value, BD_TYPE_MODEL);
  if (type != G_TYPE_INVALID && g_type_is_a (type, f->type_func ()))
    {
      BdModel *object = decode_object (type, node, where, d->error);

      if (object == NULL)
        return FALSE;
      g_value_take_object (value, object);
    }

  return TRUE;
}

/* ---------------------------------------------------------------- encode */

static JsonNode *encode_model (gpointer model,
                               gboolean nulls);

/* Puts @node (transfer full) at the dotted @path of @object, creating the
 * objects on the way.  An object merges into an object already there (a
 * webhook's "data" into the {"payload_type"} its dotted key made), and
 * null never replaces a member. */
static void
put (JsonObject *object,
     const char *path,
     JsonNode   *node)
{
  const char *dot;
  JsonNode *old;

  while ((dot = strchr (path, '.')) != NULL)
    {
      g_autofree char *name = g_strndup (path, dot - path);
      JsonNode *parent = json_object_get_member (object, name);

      if (parent == NULL || !JSON_NODE_HOLDS_OBJECT (parent))
        json_object_set_object_member (object, name, json_object_new ());

      object = json_object_get_object_member (object, name);
      path = dot + 1;
    }

  old = json_object_get_member (object, path);
  if (old != NULL && JSON_NODE_HOLDS_OBJECT (old) && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (json_node_get_object (old), name, json_node_copy (member));
      json_node_unref (node);
    }
  else if (old != NULL && JSON_NODE_HOLDS_NULL (node))
    json_node_unref (node);
  else
    json_object_set_member (object, path, node);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);

  return node;
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);

  return node;
}

/* Each returns the node for the field's value, or NULL when it is unset. */

/* STRING and ENUM (unset when NULL), INT and BOOLEAN. */
static JsonNode *
encode_scalar (JsonObject    *object,
               const BdField *f,
               const GValue  *value,
               gboolean       nulls)
{
  JsonNode *node;

  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) == NULL)
    return NULL;

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_value (node, value);

  return node;
}

/* Also writes the currency at its own key; fields that share it agree. */
static JsonNode *
encode_money (JsonObject    *object,
              const BdField *f,
              const GValue  *value,
              gboolean       nulls)
{
  const BdMoney *money = g_value_get_boxed (value);
  gint64 amount;

  if (money == NULL)
    return NULL;

  put (object, f->currency_key,
       json_node_init_string (json_node_alloc (), bd_money_get_currency (money)));

  amount = bd_money_get_amount (money);
  if (f->flags & BD_FIELD_AMOUNT_STRING)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, amount);

      return json_node_init_string (json_node_alloc (), text);
    }

  return json_node_init_int (json_node_alloc (), amount);
}

static JsonNode *
encode_datetime (JsonObject    *object,
                 const BdField *f,
                 const GValue  *value,
                 gboolean       nulls)
{
  GDateTime *time = g_value_get_boxed (value);
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  text = g_date_time_format_iso8601 (utc);

  return json_node_init_string (json_node_alloc (), text);
}

/* A required table is never unset: NULL is {}. */
static JsonNode *
encode_metadata (JsonObject    *object,
                 const BdField *f,
                 const GValue  *value,
                 gboolean       nulls)
{
  GHashTable *table = g_value_get_boxed (value);
  JsonObject *members;
  GHashTableIter iter;
  gpointer name, text;

  if (table == NULL && (f->flags & BD_FIELD_NULLABLE))
    return NULL;

  members = json_object_new ();
  if (table != NULL)
    {
      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &name, &text))
        json_object_set_string_member (members, name, text);
    }

  return object_node (members);
}

static JsonNode *
encode_strv (JsonObject    *object,
             const BdField *f,
             const GValue  *value,
             gboolean       nulls)
{
  const char * const *strv = g_value_get_boxed (value);
  JsonArray *array;

  if (strv == NULL)
    return NULL;

  array = json_array_sized_new (g_strv_length ((char **) strv));
  for (guint i = 0; strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);

  return array_node (array);
}

static JsonNode *
encode_list (JsonObject    *object,
             const BdField *f,
             const GValue  *value,
             gboolean       nulls)
{
  GListModel *list = g_value_get_object (value);
  guint n = list != NULL ? g_list_model_get_n_items (list) : 0;
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdModel) item = g_list_model_get_item (list, i);

      json_array_add_element (array, encode_model (item, nulls));
    }

  return array_node (array);
}

static JsonNode *
encode_nested (JsonObject    *object,
               const BdField *f,
               const GValue  *value,
               gboolean       nulls)
{
  BdModel *model = g_value_get_object (value);

  return model != NULL ? encode_model (model, nulls) : NULL;
}

/* ------------------------------------------------------------- the table */

static const struct
{
  gboolean  (*decode) (Decoder *d, const BdField *f, JsonNode *node, GValue *value);
  JsonNode *(*encode) (JsonObject *object, const BdField *f, const GValue *value, gboolean nulls);
} kinds[] = {
  [BD_FIELD_STRING]   = { decode_scalar, encode_scalar },
  [BD_FIELD_INT]      = { decode_scalar, encode_scalar },
  [BD_FIELD_BOOLEAN]  = { decode_scalar, encode_scalar },
  [BD_FIELD_MONEY]    = { decode_money, encode_money },
  [BD_FIELD_DATETIME] = { decode_datetime, encode_datetime },
  [BD_FIELD_ENUM]     = { decode_scalar, encode_scalar },
  [BD_FIELD_METADATA] = { decode_metadata, encode_metadata },
  [BD_FIELD_STRV]     = { decode_strv, encode_strv },
  [BD_FIELD_LIST]     = { decode_list, encode_list },
  [BD_FIELD_OBJECT]   = { decode_nested, encode_nested },
};

/* Whether a field may be missing from the JSON (its parent included). */
#define MAY_BE_MISSING(f) (((f)->flags & BD_FIELD_OPTIONAL) == BD_FIELD_OPTIONAL)

/* The name of @type in messages: "Payment" for BdPayment. */
static const char *
object_name (GType type)
{
  const char *name = g_type_name (type);

  return g_str_has_prefix (name, "Bd") ? name + 2 : name;
}

static gpointer
decode_object (GType        type,
               JsonNode    *node,
               const char  *where,
               GError     **error)
{
  Decoder d = { NULL, where, error };
  g_autoptr(BdModel) model = NULL;
  const BdField *fields;
  guint n_fields;

  if (!expect (&d, NULL, node, JSON_KIND_OBJECT))
    return NULL;

  d.object = json_node_get_object (node);
  model = g_object_new (type, NULL);
  fields = bd_model_get_fields (type, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const BdField *f = &fields[i];
      g_auto(GValue) value = G_VALUE_INIT;
      JsonNode *member;

      if (f->json_key == NULL)
        continue;

      if (!lookup (&d, f->json_key, &member))
        return NULL;

      if (member == NULL && !MAY_BE_MISSING (f))
        {
          fail (&d, NULL, _("required field “%s” is missing"), f->json_key);
          return NULL;
        }
      if (member != NULL && JSON_NODE_HOLDS_NULL (member) && !(f->flags & BD_FIELD_NULLABLE))
        {
          fail (&d, NULL, _("required field “%s” is null"), f->json_key);
          return NULL;
        }
      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;

      if (!kinds[f->kind].decode (&d, f, member, &value))
        return NULL;
      bd_model_set_field (model, f, &value);
    }

  return g_steal_pointer (&model);
}

/* @nulls: an unset optional field is null too, instead of left out. */
static void
encode_object (JsonObject *object,
               BdModel    *model,
               gboolean    nulls)
{
  const BdField *fields;
  guint n_fields;

  fields = bd_model_get_fields (G_OBJECT_TYPE (model), &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const BdField *f = &fields[i];
      JsonNode *node;

      if (f->json_key == NULL)
        continue;

      /* An unset optional field is left out; an unset nullable one is null. */
      if ((f->flags & BD_FIELD_NULLABLE) && !bd_model_field_is_set (model, f))
        node = NULL;
      else
        node = kinds[f->kind].encode (object, f, bd_model_peek_field (model, f), nulls);
      if (node == NULL && MAY_BE_MISSING (f) && !nulls)
        continue;

      put (object, f->json_key, node != NULL ? node : json_node_new (JSON_NODE_NULL));
    }
}

/* The objects whose unset optional members Dodo writes as null in what it
 * serves and delivers (bd_dodo_encode_full()).  Other objects keep leaving
 * them out: a Product's Price union, for one, has optional members that are
 * never null. */
static gboolean
writes_nulls (GType type)
{
  return type == BD_TYPE_PAYMENT || type == BD_TYPE_SUBSCRIPTION || type == BD_TYPE_REFUND ||
         type == BD_TYPE_DISPUTE || type == BD_TYPE_CUSTOMER || type == BD_TYPE_WEBHOOK_EVENT;
}

static JsonNode *
encode_model (gpointer model,
              gboolean nulls)
{
  JsonObject *object = json_object_new ();

  encode_object (object, model, nulls && writes_nulls (G_OBJECT_TYPE (model)));

  return object_node (object);
}

/* ------------------------------------------------------------ public API */

gpointer
bd_dodo_decode (GType      type,
                JsonNode  *node,
                GError   **error)
{
  g_return_val_if_fail (g_type_is_a (type, BD_TYPE_MODEL), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_object (type, node, object_name (type), error);
}

gpointer
bd_dodo_decode_bytes (GType      type,
                      GBytes    *bytes,
                      GError   **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (g_type_is_a (type, BD_TYPE_MODEL), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = bd_dodo_parse_json (bytes, error);
  if (node == NULL)
    {
      g_prefix_error (error, "%s: ", object_name (type));
      return NULL;
    }

  return decode_object (type, node, object_name (type), error);
}

GPtrArray *
bd_dodo_decode_array (GType        type,
                      JsonArray   *array,
                      GError     **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (g_type_is_a (type, BD_TYPE_MODEL), NULL);
  g_return_val_if_fail (array != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  objects = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", object_name (type), i);
      gpointer object = decode_object (type, json_array_get_element (array, i), where, error);

      if (object == NULL)
        return NULL;
      g_ptr_array_add (objects, object);
    }

  return g_steal_pointer (&objects);
}

JsonNode *
bd_dodo_encode (gpointer model)
{
  g_return_val_if_fail (BD_IS_MODEL (model), NULL);

  return encode_model (model, FALSE);
}

char *
bd_dodo_encode_to_string (gpointer model)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (BD_IS_MODEL (model), NULL);

  node = bd_dodo_encode (model);

  return json_to_string (node, FALSE);
}

JsonNode *
bd_dodo_encode_full (gpointer model)
{
  g_return_val_if_fail (BD_IS_MODEL (model), NULL);

  return encode_model (model, TRUE);
}

char *
bd_dodo_encode_full_to_string (gpointer model)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (BD_IS_MODEL (model), NULL);

  node = bd_dodo_encode_full (model);

  return json_to_string (node, FALSE);
}
