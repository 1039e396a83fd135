/* bd-schema-check.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-schema-check.h"
#include "bd-test-util.h"

/* A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) validator, for
 * tests only: enough of the language to check what Billing Desk's codec and
 * sandbox produce against Dodo's published description. */

static JsonNode *openapi;

JsonNode *
bd_schema_openapi (void)
{
  if (openapi == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *path = bd_test_fixture_path ("dodo-openapi-1.53.2.json");
      g_autoptr(GError) error = NULL;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      openapi = json_node_copy (json_parser_get_root (parser));
    }

  return openapi;
}

static JsonNode *
resolve_ref (const char *ref)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = bd_schema_openapi ();

  g_assert_true (g_str_has_prefix (ref, "#/"));
  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      node = json_object_get_member (json_node_get_object (node), parts[i]);
      if (node == NULL)
        g_error ("Unresolvable $ref %s", ref);
    }

  return node;
}

static const char *
instance_type (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return "integer";
    case G_TYPE_DOUBLE:
      return "number";
    case G_TYPE_BOOLEAN:
      return "boolean";
    default:
      return "string";
    }
}

static gboolean
type_matches (const char *type,
              JsonNode   *node)
{
  const char *actual = instance_type (node);

  if (g_str_equal (type, actual))
    return TRUE;

  return g_str_equal (type, "number") && g_str_equal (actual, "integer");
}

static gboolean check (JsonObject *schema, JsonNode *node, const char *path, GError **error);

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, message);
  return FALSE;
}

static gboolean
check_type (JsonObject  *schema,
            JsonNode    *node,
            const char  *path,
            GError     **error)
{
  JsonNode *type = json_object_get_member (schema, "type");

  if (type == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *types = json_node_get_array (type);

      for (guint i = 0; i < json_array_get_length (types); i++)
        if (type_matches (json_array_get_string_element (types, i), node))
          return TRUE;

      return fail (error, path, "expected one of the types of the schema, got %s",
                   instance_type (node));
    }

  if (!type_matches (json_node_get_string (type), node))
    return fail (error, path, "expected %s, got %s",
                 json_node_get_string (type), instance_type (node));

  return TRUE;
}

static gboolean
check_format (JsonObject  *schema,
              JsonNode    *node,
              const char  *path,
              GError     **error)
{
  const char *format = json_object_get_string_member_with_default (schema, "format", NULL);

  if (format == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (g_str_equal (format, "int32") && g_str_equal (instance_type (node), "integer"))
    {
      gint64 v = json_node_get_int (node);

      if (v < G_MININT32 || v > G_MAXINT32)
        return fail (error, path, "%" G_GINT64_FORMAT " is out of int32 range", v);
    }
  else if (g_str_equal (format, "date-time") && g_str_equal (instance_type (node), "string"))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

      if (dt == NULL)
        return fail (error, path, "“%s” is not an RFC 3339 date-time", json_node_get_string (node));
    }

  return TRUE;
}

static gboolean
check_enum (JsonObject  *schema,
            JsonNode    *node,
            const char  *path,
            GError     **error)
{
  JsonArray *values;

  if (json_object_has_member (schema, "const"))
    {
      if (!json_node_equal (json_object_get_member (schema, "const"), node))
        return fail (error, path, "value differs from the schema's const");
      return TRUE;
    }

  if (!json_object_has_member (schema, "enum"))
    return TRUE;

  values = json_object_get_array_member (schema, "enum");
  for (guint i = 0; i < json_array_get_length (values); i++)
    if (json_node_equal (json_array_get_element (values, i), node))
      return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return fail (error, path, "“%s” is not one of the schema's values", json_node_get_string (node));
  return fail (error, path, "value is not one of the schema's values");
}

static gboolean
check_bounds (JsonObject  *schema,
              JsonNode    *node,
              const char  *path,
              GError     **error)
{
  const char *type = instance_type (node);

  if (g_str_equal (type, "integer") || g_str_equal (type, "number"))
    {
      double v = json_node_get_double (node);

      if (json_object_has_member (schema, "minimum")
          && v < json_object_get_double_member (schema, "minimum"))
        return fail (error, path, "%g is below the minimum", v);
      if (json_object_has_member (schema, "maximum")
          && v > json_object_get_double_member (schema, "maximum"))
        return fail (error, path, "%g is above the maximum", v);
    }

  if (g_str_equal (type, "string") && json_object_has_member (schema, "maxLength")
      && g_utf8_strlen (json_node_get_string (node), -1) > json_object_get_int_member (schema, "maxLength"))
    return fail (error, path, "string is longer than maxLength");

  return TRUE;
}

static gboolean
check_object (JsonObject  *schema,
              JsonNode    *node,
              const char  *path,
              GError     **error)
{
  JsonObject *object;
  JsonObject *properties = NULL;
  JsonNode *additional;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  object = json_node_get_object (node);

  if (json_object_has_member (schema, "required"))
    {
      JsonArray *required = json_object_get_array_member (schema, "required");

      for (guint i = 0; i < json_array_get_length (required); i++)
        {
          const char *required_name = json_array_get_string_element (required, i);

          if (!json_object_has_member (object, required_name))
            return fail (error, path, "required member “%s” is missing", required_name);
        }
    }

  if (json_object_has_member (schema, "properties"))
    properties = json_object_get_object_member (schema, "properties");
  additional = json_object_get_member (schema, "additionalProperties");

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_autofree char *member_path = g_strdup_printf ("%s.%s", path, name);
      JsonNode *sub = properties ? json_object_get_member (properties, name) : NULL;

      if (sub == NULL && additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
        sub = additional;
      if (sub != NULL && JSON_NODE_HOLDS_OBJECT (sub)
          && !check (json_node_get_object (sub), member, member_path, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_array (JsonObject  *schema,
             JsonNode    *node,
             const char  *path,
             GError     **error)
{
  JsonArray *array;
  JsonObject *items;

  if (!JSON_NODE_HOLDS_ARRAY (node) || !json_object_has_member (schema, "items"))
    return TRUE;

  array = json_node_get_array (node);
  items = json_object_get_object_member (schema, "items");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      if (!check (items, json_array_get_element (array, i), item_path, error))
        return FALSE;
    }

  return TRUE;
}

/* allOf: all; anyOf: at least one; oneOf: exactly one. */
static gboolean
check_combinators (JsonObject  *schema,
                   JsonNode    *node,
                   const char  *path,
                   GError     **error)
{
  static const char *keywords[] = { "allOf", "anyOf", "oneOf" };

  for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
    {
      g_autoptr(GError) first_error = NULL;
      JsonArray *subs;
      guint matches = 0;

      if (!json_object_has_member (schema, keywords[k]))
        continue;

      subs = json_object_get_array_member (schema, keywords[k]);
      for (guint i = 0; i < json_array_get_length (subs); i++)
        {
          g_autoptr(GError) sub_error = NULL;

          if (check (json_array_get_object_element (subs, i), node, path, &sub_error))
            matches++;
          else if (k == 0)
            {
              g_propagate_error (error, g_steal_pointer (&sub_error));
              return FALSE;
            }
          else if (first_error == NULL)
            first_error = g_steal_pointer (&sub_error);
        }

      if (k == 1 && matches == 0)
        return fail (error, path, "matches none of anyOf (first: %s)", first_error->message);
      if (k == 2 && matches != 1)
        return fail (error, path, "matches %u of oneOf, not exactly one%s%s", matches,
                     first_error ? "; first mismatch: " : "",
                     first_error ? first_error->message : "");
    }

  return TRUE;
}

static gboolean
check (JsonObject  *schema,
       JsonNode    *node,
       const char  *path,
       GError     **error)
{
  if (json_object_has_member (schema, "$ref")
      && !check (json_node_get_object (resolve_ref (json_object_get_string_member (schema, "$ref"))),
                 node, path, error))
    return FALSE;

  return check_type (schema, node, path, error)
      && check_format (schema, node, path, error)
      && check_enum (schema, node, path, error)
      && check_bounds (schema, node, path, error)
      && check_object (schema, node, path, error)
      && check_array (schema, node, path, error)
      && check_combinators (schema, node, path, error);
}

gboolean
bd_schema_check_node (JsonNode  *schema,
                      JsonNode  *instance,
                      GError   **error)
{
  g_return_val_if_fail (JSON_NODE_HOLDS_OBJECT (schema), FALSE);

  return check (json_node_get_object (schema), instance, "$", error);
}

gboolean
bd_schema_check (const char  *name,
                 JsonNode    *instance,
                 GError     **error)
{
  g_autofree char *ref = g_strconcat ("#/components/schemas/", name, NULL);

  return bd_schema_check_node (resolve_ref (ref), instance, error);
}
