/* test-schema-check.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-schema-check.h"
#include "bd-test-util.h"

/* The codec and sandbox tests lean on bd_schema_check(), so it must accept
 * what Dodo's own examples hold and reject what breaks the schema. */

typedef void (*ExampleFunc) (const char *event, JsonNode *schema, JsonNode *example);

static void
foreach_webhook_example (ExampleFunc func)
{
  JsonObject *hooks = json_object_get_object_member (json_node_get_object (bd_schema_openapi ()),
                                                     "x-webhooks");
  g_autoptr(GList) names = json_object_get_members (hooks);
  guint n = 0;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *content = json_object_get_object_member (
        json_object_get_object_member (
          json_object_get_object_member (
            json_object_get_object_member (json_object_get_object_member (hooks, l->data), "post"),
            "requestBody"),
          "content"),
        "application/json");

      func (l->data, json_object_get_member (content, "schema"), json_object_get_member (content, "example"));
      n++;
    }

  g_assert_cmpuint (n, ==, 21);
}

static void
check_example_valid (const char *event,
                     JsonNode   *schema,
                     JsonNode   *example)
{
  g_autoptr(GError) error = NULL;

  if (!bd_schema_check_node (schema, example, &error))
    g_error ("%s: %s", event, error->message);
}

static void
test_examples_valid (void)
{
  foreach_webhook_example (check_example_valid);
}

static void
check_example_broken (const char *event,
                      JsonNode   *schema,
                      JsonNode   *example)
{
  /* json_node_copy() shares the object, so copy through text. */
  g_autofree char *text = json_to_string (example, FALSE);
  g_autoptr(JsonNode) broken = json_from_string (text, NULL);
  JsonObject *data = json_object_get_object_member (json_node_get_object (broken), "data");
  g_autoptr(GError) error = NULL;

  /* Every webhook schema fixes payload_type, requires data and types its
   * timestamp; each broken copy must fail, naming where. */
  json_object_set_string_member (data, "payload_type", "Nonsense");
  if (bd_schema_check_node (schema, broken, &error))
    g_error ("%s: a wrong payload_type was accepted", event);
  g_assert_nonnull (strstr (error->message, "$.data.payload_type"));
  g_clear_error (&error);

  json_node_unref (broken);
  broken = json_from_string (text, NULL);
  json_object_set_int_member (json_node_get_object (broken), "timestamp", 1767225600);
  g_assert_false (bd_schema_check_node (schema, broken, &error));
  g_assert_nonnull (strstr (error->message, "$.timestamp: expected string, got integer"));
  g_clear_error (&error);

  json_object_remove_member (json_node_get_object (broken), "data");
  g_assert_false (bd_schema_check_node (schema, broken, &error));
  g_assert_nonnull (strstr (error->message, "required member “data” is missing"));
}

static void
test_examples_broken (void)
{
  foreach_webhook_example (check_example_broken);
}

static void
test_formats_and_unknown_members (void)
{
  g_autoptr(JsonNode) customer = json_from_string (
    "{\"business_id\":\"bus_1\",\"customer_id\":\"cus_1\",\"created_at\":\"2026-01-01T00:00:00Z\","
    "\"email\":\"a@example.com\",\"name\":\"A\",\"a_field_added_later\":true}", NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (customer);

  g_assert_true (bd_schema_check ("CustomerResponse", customer, &error));
  g_assert_no_error (error);

  json_object_set_string_member (object, "created_at", "yesterday");
  g_assert_false (bd_schema_check ("CustomerResponse", customer, &error));
  g_assert_nonnull (strstr (error->message, "$.created_at"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema-check/webhook-examples-valid", test_examples_valid);
  g_test_add_func ("/schema-check/webhook-examples-broken", test_examples_broken);
  g_test_add_func ("/schema-check/formats-and-unknown-members", test_formats_and_unknown_members);

  return g_test_run ();
}
