/* bd-dodo-codec.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-model.h"

G_BEGIN_DECLS

/*
 * The JSON codec: every BdModel type in both directions, driven by the
 * type's field table (see bd-model.h), so there is no per-type code here.
 * The client decodes answers with it; the sandbox decodes requests and
 * encodes answers with it, so both ends agree by construction.
 *
 * Decoding is strict where json-glib 1.6 is lenient.  Each of these is a
 * BD_DODO_ERROR_BAD_RESPONSE whose message names the object and the field,
 * e.g. "Payment.refunds[0].amount: expected an integer, got a string":
 *   - a required field missing or null;
 *   - a member of the wrong JSON type (a string where an integer belongs, an
 *     object where a string belongs, a non-integral number …);
 *   - an integer that does not fit (json-glib wraps big literals silently;
 *     the codec rejects what the strict parser flagged, and any value
 *     outside the field's range, e.g. a negative quantity is allowed but an
 *     amount beyond gint64 is not);
 *   - an unknown currency code, a date-time that is not RFC 3339;
 *   - trailing garbage or a second document (bd_dodo_decode_bytes() parses
 *     with bd_dodo_parse_json()).
 * Unknown members are ignored; a missing and a null optional field mean
 * the same.  A webhook event's "data" is decoded as the type its
 * "payload_type" names.
 */

/* Decodes the JSON object @node into a new object of @type, a BdModel
 * subclass.  Returns: (transfer full) (type BdModel) (nullable) */
gpointer    bd_dodo_decode            (GType        type,
                                       JsonNode    *node,
                                       GError     **error);

/* Parses @bytes strictly, then decodes.  (transfer full) (nullable) */
gpointer    bd_dodo_decode_bytes      (GType        type,
                                       GBytes      *bytes,
                                       GError     **error);

/* Decodes every element of @array; fails whole on the first bad element,
 * naming its index.  Returns: (transfer full) (element-type BdModel) */
GPtrArray  *bd_dodo_decode_array      (GType        type,
                                       JsonArray   *array,
                                       GError     **error);

/* Encodes every field of @model that has a JSON key; unset optional fields
 * are left out, unset nullable ones are null.  (transfer full) */
JsonNode   *bd_dodo_encode            (gpointer     model);

/* The same as compact UTF-8 text.  (transfer full) */
char       *bd_dodo_encode_to_string  (gpointer     model);

/* Encodes every field, the unset optional ones as null too, as Dodo writes
 * the objects it serves and delivers (for the sandbox's answers and
 * webhooks).  Request bodies keep bd_dodo_encode(): there a null would
 * mean "clear".  (transfer full) */
JsonNode   *bd_dodo_encode_full       (gpointer     model);
char       *bd_dodo_encode_full_to_string (gpointer model);

G_END_DECLS
