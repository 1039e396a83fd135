/* bd-schema-check.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Loads tests/fixtures/dodo-openapi-1.53.2.json once; (transfer none). */
JsonNode *bd_schema_openapi           (void);

/* Validates @instance against the schema @name of the OpenAPI document's
 * components.schemas (e.g. "PaymentResponse"), with the JSON Schema
 * keywords Dodo's description uses: type (with "null" in type arrays),
 * properties, required, items, additionalProperties, enum, const, $ref,
 * allOf, anyOf, oneOf, minimum, maximum, maxLength and the formats int32,
 * int64 and date-time.  Members the schema does not name are allowed (the
 * newer API adds fields).  On failure @error names the JSON path, like
 * "$.refunds[0].amount: expected integer, got string". */
gboolean  bd_schema_check             (const char  *name,
                                       JsonNode    *instance,
                                       GError     **error);

/* The same against any schema node of the document. */
gboolean  bd_schema_check_node        (JsonNode    *schema,
                                       JsonNode    *instance,
                                       GError     **error);

G_END_DECLS
