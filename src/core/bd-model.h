/* bd-model.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <gio/gio.h>

#include "bd-enums.h"
#include "bd-money.h"
#include "bd-types.h"

G_BEGIN_DECLS

/*
 * The model contract (read this if you write the JSON codec, the store or
 * the sandbox).
 *
 * Every model type (BdPayment, BdSubscription, …) is a final subclass of
 * BdModel described by ONE static table of BdField.  A field is at once
 *
 *   - a GObject property, READ-ONLY and notifying, for widgets to bind;
 *   - a JSON member: @json_key, where '.' walks into nested objects
 *     ("customer.email", "price.currency", "billing.country").  A NULL
 *     @json_key is a field the app fills itself; the codec skips it.
 *
 * So the codec needs no per-type code.  To decode into type T:
 *
 *     BdModel *obj = g_object_new (T, NULL);
 *     const BdField *fields = bd_model_get_fields (T, &n);
 *     for each field: read the JSON at field->json_key, build a GValue of
 *       the kind's type below, bd_model_set_field (obj, field, &value);
 *
 * and to encode: for each field, bd_model_peek_field (obj, field) and write
 * the GValue at field->json_key.  C code (tests, the sandbox) may use
 * bd_model_set (obj, "name", value, …, NULL) instead, and read with
 * g_object_get or the typed bd_model_get_*.
 *
 *   kind               GValue type            JSON
 *   BD_FIELD_STRING    G_TYPE_STRING          string
 *   BD_FIELD_INT       G_TYPE_INT64           integer
 *   BD_FIELD_BOOLEAN   G_TYPE_BOOLEAN         true/false
 *   BD_FIELD_MONEY     BD_TYPE_MONEY          integer at @json_key (a decimal
 *                                             string with BD_FIELD_AMOUNT_STRING)
 *                                             + ISO 4217 code at @currency_key.
 *                                             Several fields may share one
 *                                             currency key: write it once.
 *   BD_FIELD_DATETIME  G_TYPE_DATE_TIME       RFC 3339 string; stored in UTC
 *   BD_FIELD_ENUM      G_TYPE_STRING (raw)    string.  The object keeps the raw
 *                                             text as property "NAME-raw" and the
 *                                             GEnum (UNKNOWN if unrecognised) as
 *                                             "NAME".  Setting takes the raw text
 *                                             (or the enum value); peek returns
 *                                             the raw text: encode THAT, so a value
 *                                             the server added later survives.
 *   BD_FIELD_METADATA  G_TYPE_HASH_TABLE      object; string → string, g_str_hash
 *                                             (numbers and booleans kept as their
 *                                             JSON text)
 *   BD_FIELD_STRV      G_TYPE_STRV            array of strings
 *   BD_FIELD_LIST      G_TYPE_LIST_MODEL      array of objects, each decoded into
 *                                             @type_func () (a BdModel subclass)
 *                                             with that type's own table
 *   BD_FIELD_OBJECT    BD_TYPE_MODEL          one nested object whose type the JSON
 *                                             names: the webhook "data", typed by
 *                                             bd_webhook_event_payload_gtype
 *                                             (data.payload_type); left NULL for a
 *                                             type the app does not model
 *
 * Flags:  none = required: present and not null, else a bad-response error
 * naming the field.  BD_FIELD_NULLABLE: may be null (→ the default: NULL,
 * 0, FALSE, UNKNOWN, empty); encoded as null when unset.  BD_FIELD_OPTIONAL:
 * may also be missing, or its parent object may be; omitted when encoding
 * an unset value.  "Unset" (bd_model_field_is_set): NULL for the pointer
 * kinds; never given a value for INT, BOOLEAN and LIST, so a request can
 * send 0, false or [] and leave out what it did not set.  update_from()
 * copies this state too.
 *
 * Equality (and so notification) is by value: equal money, times, tables
 * and lists in new instances are no change; a NULL table or list equals an
 * empty one.
 *
 * Properties are READABLE only.  The list of a BD_FIELD_LIST property is the
 * same GListModel for the object's whole life; its content changes in place.
 *
 * Updating: bd_model_update_from (old, newer) copies every field of @newer
 * into @old and notifies exactly the properties whose value changed (list
 * items are updated in place, so bound rows update too).  The store keeps
 * one object per id and updates it this way when a newer copy arrives.
 *
 * Unknown JSON members are ignored; the store keeps the raw JSON for fields
 * added later, not the model.
 */

typedef enum
{
  BD_FIELD_STRING,
  BD_FIELD_INT,
  BD_FIELD_BOOLEAN,
  BD_FIELD_MONEY,
  BD_FIELD_DATETIME,
  BD_FIELD_ENUM,
  BD_FIELD_METADATA,
  BD_FIELD_STRV,
  BD_FIELD_LIST,
  BD_FIELD_OBJECT,
} BdFieldKind;

typedef enum
{
  BD_FIELD_REQUIRED      = 0,
  BD_FIELD_NULLABLE      = 1 << 0,
  BD_FIELD_OPTIONAL      = 1 << 1 | BD_FIELD_NULLABLE,
  BD_FIELD_AMOUNT_STRING = 1 << 2,
} BdFieldFlags;

typedef struct
{
  const char   *name;          /* property name */
  const char   *json_key;      /* JSON path, '.'-separated; NULL: not in JSON */
  const char   *currency_key;  /* BD_FIELD_MONEY: JSON path of the currency */
  BdFieldKind   kind;
  BdFieldFlags  flags;
  GType       (*type_func) (void);  /* ENUM: the enum; LIST, OBJECT: item type */
} BdField;

/* Table rows, for the model types' .c files. */
#define BD_STRING(name, key, flags)       { name, key, NULL, BD_FIELD_STRING, flags, NULL }
#define BD_INT(name, key, flags)          { name, key, NULL, BD_FIELD_INT, flags, NULL }
#define BD_BOOLEAN(name, key, flags)      { name, key, NULL, BD_FIELD_BOOLEAN, flags, NULL }
#define BD_MONEY(name, key, cur, flags)   { name, key, cur, BD_FIELD_MONEY, flags, NULL }
#define BD_DATETIME(name, key, flags)     { name, key, NULL, BD_FIELD_DATETIME, flags, NULL }
#define BD_ENUM(name, key, type, flags)   { name, key, NULL, BD_FIELD_ENUM, flags, type }
#define BD_METADATA(name, key, flags)     { name, key, NULL, BD_FIELD_METADATA, flags, NULL }
#define BD_STRV(name, key, flags)         { name, key, NULL, BD_FIELD_STRV, flags, NULL }
#define BD_LIST(name, key, type, flags)   { name, key, NULL, BD_FIELD_LIST, flags, type }
#define BD_OBJECT(name, key, flags)       { name, key, NULL, BD_FIELD_OBJECT, flags, bd_model_get_type }

/* The customer, embedded as CustomerLimitedDetails, and the billing address,
 * flattened into properties of the object that holds them. */
#define BD_CUSTOMER_FIELDS(flags)                                   \
  BD_STRING ("customer-id", "customer.customer_id", flags),         \
  BD_STRING ("customer-name", "customer.name", flags),              \
  BD_STRING ("customer-email", "customer.email", flags)

#define BD_BILLING_FIELDS(flags)                                    \
  BD_STRING ("billing-country", "billing.country", flags),          \
  BD_STRING ("billing-state", "billing.state", BD_FIELD_OPTIONAL),  \
  BD_STRING ("billing-city", "billing.city", BD_FIELD_OPTIONAL),    \
  BD_STRING ("billing-street", "billing.street", BD_FIELD_OPTIONAL),\
  BD_STRING ("billing-zipcode", "billing.zipcode", BD_FIELD_OPTIONAL)

#define BD_TYPE_MODEL (bd_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdModel, bd_model, BD, MODEL, GObject)

struct _BdModelClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer info;
};

/* For a subclass's class_init: installs one property per field (two for an
 * ENUM).  @fields must be static. */
void            bd_model_class_install_fields (BdModelClass   *klass,
                                               const BdField  *fields,
                                               guint           n_fields);

/* The field table of @type (a BdModel subclass).  (transfer none) */
const BdField  *bd_model_get_fields           (GType           type,
                                               guint          *n_fields);

/* Sets @field (a row of this object's table) from @value, whose type is the
 * kind's (see above; an int or enum value is converted), and notifies the
 * property if the value changed.  A LIST takes a GListModel of items; they
 * are copied, never shared. */
void            bd_model_set_field            (gpointer        self,
                                               const BdField  *field,
                                               const GValue   *value);

/* The value to encode for @field: for an ENUM, its raw text.  (transfer none) */
const GValue   *bd_model_peek_field           (gpointer        self,
                                               const BdField  *field);
gboolean        bd_model_field_is_set         (gpointer        self,
                                               const BdField  *field);

/* Sets properties by name, g_object_set style: pairs of a property name and
 * a value of the property's type (gint64 for INT: cast your literals; an
 * ENUM takes the enum value as "status" or the raw text as "status-raw"),
 * then NULL.  Notifies what changed, like bd_model_set_field. */
void            bd_model_set                  (gpointer        self,
                                               const char     *first_name,
                                               ...) G_GNUC_NULL_TERMINATED;

/* Copies every field of @newer (same type) into @self, notifying only the
 * properties that changed.  Returns TRUE if anything changed. */
gboolean        bd_model_update_from          (gpointer        self,
                                               gpointer        newer);
gboolean        bd_model_equal                (gpointer        a,
                                               gpointer        b);
/* (transfer full) */
gpointer        bd_model_copy                 (gpointer        self);

/* Typed reads by property name, without copies.  (transfer none) */
const char     *bd_model_get_string           (gpointer        self,
                                               const char     *name);
gint64          bd_model_get_int              (gpointer        self,
                                               const char     *name);
gboolean        bd_model_get_boolean          (gpointer        self,
                                               const char     *name);
const BdMoney  *bd_model_get_money            (gpointer        self,
                                               const char     *name);
GDateTime      *bd_model_get_datetime         (gpointer        self,
                                               const char     *name);
int             bd_model_get_enum             (gpointer        self,
                                               const char     *name);
GHashTable     *bd_model_get_metadata         (gpointer        self,
                                               const char     *name);
GListModel     *bd_model_get_list             (gpointer        self,
                                               const char     *name);

/* Defines a model type whose whole description is its field table:
 * G_DEFINE_FINAL_TYPE, class_init, init and bd_thing_new ().  Put it after
 * `static const BdField thing_fields[] = { … };`. */
#define BD_DEFINE_MODEL(TypeName, type_name, fields)                        \
  struct _##TypeName { BdModel parent_instance; };                          \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, BD_TYPE_MODEL)                  \
  static void                                                               \
  type_name##_class_init (TypeName##Class *klass)                           \
  {                                                                         \
    bd_model_class_install_fields (BD_MODEL_CLASS (klass), fields,          \
                                   G_N_ELEMENTS (fields));                  \
  }                                                                         \
  static void                                                               \
  type_name##_init (TypeName *self)                                         \
  {                                                                         \
  }                                                                         \
  TypeName *                                                                \
  type_name##_new (void)                                                    \
  {                                                                         \
    return g_object_new (type_name##_get_type (), NULL);                    \
  }

G_END_DECLS
