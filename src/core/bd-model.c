/* bd-model.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-model"

#include "config.h"

#include <gobject/gvaluecollector.h>

#include "bd-model.h"

/* Storage: every property is a "slot", a GValue in the instance's private
 * array, and its property id is the slot index + 1.  A field takes one slot;
 * an ENUM field takes two, the GEnum value and then the raw text.  So
 * get_property, equality, update and finalize are loops over slots, and no
 * model type writes any of them. */

typedef struct
{
  const BdField  *fields;
  guint           n_fields;
  guint           n_slots;
  guint          *field_slot;  /* field index → its first slot */
  guint          *slot_field;  /* slot → field index */
  GParamSpec    **pspecs;      /* slot → property */
} ModelInfo;

typedef struct
{
  GValue *values;              /* ModelInfo.n_slots of them */
  guint8 *set;                 /* ModelInfo.n_fields: INT, BOOLEAN and LIST
                                * fields given a value (0, FALSE and [] are
                                * values too); see field_is_set() */
} BdModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BdModel, bd_model, G_TYPE_OBJECT)

#define PARAM_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/* ------------------------------------------------------------------ helpers */

static ModelInfo *
model_info (BdModel *self)
{
  g_assert (BD_IS_MODEL (self));

  return BD_MODEL_GET_CLASS (self)->info;
}

static GValue *
model_values (BdModel *self)
{
  BdModelPrivate *priv = bd_model_get_instance_private (self);

  g_assert (BD_IS_MODEL (self));

  return priv->values;
}

static GParamSpec *
field_pspec (const BdField *f)
{
  switch (f->kind)
    {
    case BD_FIELD_STRING:
      return g_param_spec_string (f->name, NULL, NULL, NULL, PARAM_FLAGS);
    case BD_FIELD_INT:
      return g_param_spec_int64 (f->name, NULL, NULL, G_MININT64, G_MAXINT64, 0, PARAM_FLAGS);
    case BD_FIELD_BOOLEAN:
      return g_param_spec_boolean (f->name, NULL, NULL, FALSE, PARAM_FLAGS);
    case BD_FIELD_MONEY:
      return g_param_spec_boxed (f->name, NULL, NULL, BD_TYPE_MONEY, PARAM_FLAGS);
    case BD_FIELD_DATETIME:
      return g_param_spec_boxed (f->name, NULL, NULL, G_TYPE_DATE_TIME, PARAM_FLAGS);
    case BD_FIELD_ENUM:
      return g_param_spec_enum (f->name, NULL, NULL, f->type_func (), 0, PARAM_FLAGS);
    case BD_FIELD_METADATA:
      return g_param_spec_boxed (f->name, NULL, NULL, G_TYPE_HASH_TABLE, PARAM_FLAGS);
    case BD_FIELD_STRV:
      return g_param_spec_boxed (f->name, NULL, NULL, G_TYPE_STRV, PARAM_FLAGS);
    case BD_FIELD_LIST:
      return g_param_spec_object (f->name, NULL, NULL, G_TYPE_LIST_MODEL, PARAM_FLAGS);
    case BD_FIELD_OBJECT:
      return g_param_spec_object (f->name, NULL, NULL, f->type_func (), PARAM_FLAGS);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
hash_tables_equal (GHashTable *a,
                   GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if ((a ? g_hash_table_size (a) : 0) != (b ? g_hash_table_size (b) : 0))
    return FALSE;
  if (a == NULL || b == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (b, key) ||
        g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
      return FALSE;

  return TRUE;
}

static gboolean
lists_equal (GListModel *a,
             GListModel *b)
{
  guint n = a ? g_list_model_get_n_items (a) : 0;

  if (n != (b ? g_list_model_get_n_items (b) : 0))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdModel) item_a = g_list_model_get_item (a, i);
      g_autoptr(BdModel) item_b = g_list_model_get_item (b, i);

      if (!bd_model_equal (item_a, item_b))
        return FALSE;
    }

  return TRUE;
}

/* Both values hold a slot's type.  NULL equals empty for tables and lists. */
static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  GType type = G_VALUE_TYPE (a);
  gpointer pa, pb;

  g_assert (G_VALUE_TYPE (b) == type);

  if (type == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (type == G_TYPE_INT64)
    return g_value_get_int64 (a) == g_value_get_int64 (b);
  if (type == G_TYPE_BOOLEAN)
    return !g_value_get_boolean (a) == !g_value_get_boolean (b);
  if (G_TYPE_IS_ENUM (type))
    return g_value_get_enum (a) == g_value_get_enum (b);
  if (type == G_TYPE_HASH_TABLE)
    return hash_tables_equal (g_value_get_boxed (a), g_value_get_boxed (b));
  if (type == G_TYPE_LIST_MODEL)
    return lists_equal (g_value_get_object (a), g_value_get_object (b));

  pa = g_value_peek_pointer (a);
  pb = g_value_peek_pointer (b);
  if (pa == NULL || pb == NULL)
    return pa == pb;
  if (type == BD_TYPE_MONEY)
    return bd_money_equal (pa, pb);
  if (type == G_TYPE_DATE_TIME)
    return g_date_time_equal (pa, pb);
  if (type == G_TYPE_STRV)
    return g_strv_equal (pa, pb);

  return bd_model_equal (pa, pb);
}

/* Copies @v into @slot and notifies, unless nothing changes. */
static gboolean
store_slot (BdModel      *self,
            guint         slot,
            const GValue *v)
{
  GValue *dest = &model_values (self)[slot];

  g_assert (BD_IS_MODEL (self));

  if (values_equal (dest, v))
    return FALSE;

  g_value_copy (v, dest);
  g_object_notify_by_pspec (G_OBJECT (self), model_info (self)->pspecs[slot]);

  return TRUE;
}

/* @v holds the raw text or the enum value. */
static gboolean
set_enum (BdModel      *self,
          guint         slot,
          GType         enum_type,
          const GValue *v)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) raw = G_VALUE_INIT;
  gboolean changed;

  g_assert (BD_IS_MODEL (self));

  g_value_init (&raw, G_TYPE_STRING);
  if (G_VALUE_HOLDS_STRING (v))
    g_value_set_string (&raw, g_value_get_string (v));
  else
    g_value_set_static_string (&raw, bd_enum_to_string (enum_type, g_value_get_enum (v)));

  g_value_init (&value, enum_type);
  g_value_set_enum (&value, bd_enum_from_string (enum_type, g_value_get_string (&raw)));

  changed = store_slot (self, slot, &value);
  changed |= store_slot (self, slot + 1, &raw);

  return changed;
}

/* Updates the items of @store in place from @newer, so that rows bound to
 * them update too; extra items are copies, never shared. */
static gboolean
update_list (GListStore *store,
             GListModel *newer)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint n_new = newer != NULL ? g_list_model_get_n_items (newer) : 0;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean changed = n_old != n_new;

  for (guint i = 0; i < MIN (n_old, n_new); i++)
    {
      g_autoptr(BdModel) old_item = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(BdModel) new_item = g_list_model_get_item (newer, i);

      changed |= bd_model_update_from (old_item, new_item);
    }

  for (guint i = n_old; i < n_new; i++)
    {
      g_autoptr(BdModel) item = g_list_model_get_item (newer, i);

      g_ptr_array_add (added, bd_model_copy (item));
    }

  if (n_old != n_new)
    g_list_store_splice (store, MIN (n_old, n_new), n_old - MIN (n_old, n_new),
                         added->pdata, added->len);

  return changed;
}

/* Like update_list, for one nested object. */
static gboolean
update_object (GValue  *dest,
               BdModel *newer)
{
  BdModel *old = g_value_get_object (dest);

  if (old != NULL && newer != NULL && G_OBJECT_TYPE (old) == G_OBJECT_TYPE (newer))
    return bd_model_update_from (old, newer);
  if (old == NULL && newer == NULL)
    return FALSE;

  g_value_take_object (dest, newer != NULL ? bd_model_copy (newer) : NULL);

  return TRUE;
}

/* Whether @v may set a field like @f; the scalar kinds are checked by
 * g_value_transform instead. */
static gboolean
value_fits (const BdField *f,
            const GValue  *v)
{
  GObject *object = G_VALUE_HOLDS_OBJECT (v) ? g_value_get_object (v) : NULL;

  switch (f->kind)
    {
    case BD_FIELD_ENUM:
      return G_VALUE_HOLDS_STRING (v) || G_VALUE_HOLDS_ENUM (v);
    case BD_FIELD_DATETIME:
      return G_VALUE_HOLDS (v, G_TYPE_DATE_TIME);
    case BD_FIELD_LIST:
      return G_VALUE_HOLDS_OBJECT (v) &&
             (object == NULL ||
              (G_IS_LIST_MODEL (object) &&
               g_type_is_a (g_list_model_get_item_type (G_LIST_MODEL (object)), f->type_func ())));
    case BD_FIELD_OBJECT:
      return G_VALUE_HOLDS_OBJECT (v) && (object == NULL || BD_IS_MODEL (object));
    default:
      return TRUE;
    }
}

/* Whether field @index has a value.  A pointer kind has one when it is not
 * NULL; an integer, a boolean or a list when it was set, since 0, FALSE and
 * an empty list are values a request may need to send. */
static gboolean
field_is_set (BdModel *self,
              guint    index)
{
  BdModelPrivate *priv = bd_model_get_instance_private (self);
  ModelInfo *info = model_info (self);

  switch (info->fields[index].kind)
    {
    case BD_FIELD_INT:
    case BD_FIELD_BOOLEAN:
    case BD_FIELD_LIST:
      return priv->set[index];
    case BD_FIELD_ENUM:
      return g_value_get_string (&priv->values[info->field_slot[index] + 1]) != NULL;
    default:
      return g_value_peek_pointer (&priv->values[info->field_slot[index]]) != NULL;
    }
}

static gboolean set_value (BdModel *self, guint index, const GValue *v);

/* The one way a field changes: the codec, bd_model_set and update_from all
 * come here.  Returns TRUE if the field changed (and was notified). */
static gboolean
set_field (BdModel      *self,
           guint         index,
           const GValue *v)
{
  BdModelPrivate *priv = bd_model_get_instance_private (self);

  priv->set[index] = TRUE;
  return set_value (self, index, v);
}

/* Gives field @index its empty value (NULL, 0, FALSE, []) and marks it unset. */
static gboolean
reset_field (BdModel *self,
             guint    index)
{
  BdModelPrivate *priv = bd_model_get_instance_private (self);
  ModelInfo *info = model_info (self);
  guint slot = info->field_slot[index] + (info->fields[index].kind == BD_FIELD_ENUM ? 1 : 0);
  g_auto(GValue) empty = G_VALUE_INIT;

  g_value_init (&empty, G_VALUE_TYPE (&priv->values[slot]));
  priv->set[index] = FALSE;
  return set_value (self, index, &empty);
}

static gboolean
set_value (BdModel      *self,
           guint         index,
           const GValue *v)
{
  ModelInfo *info = model_info (self);
  const BdField *f = &info->fields[index];
  guint slot = info->field_slot[index];
  GValue *dest = &model_values (self)[slot];
  g_auto(GValue) tmp = G_VALUE_INIT;
  gboolean changed;

  g_assert (BD_IS_MODEL (self));

  if (!value_fits (f, v))
    goto wrong_type;

  switch (f->kind)
    {
    case BD_FIELD_ENUM:
      return set_enum (self, slot, G_VALUE_TYPE (dest), v);

    case BD_FIELD_LIST:
      changed = update_list (g_value_get_object (dest), g_value_get_object (v));
      break;

    case BD_FIELD_OBJECT:
      changed = update_object (dest, g_value_get_object (v));
      break;

    case BD_FIELD_DATETIME:
      g_value_init (&tmp, G_TYPE_DATE_TIME);
      if (g_value_get_boxed (v) != NULL)
        g_value_take_boxed (&tmp, g_date_time_to_utc (g_value_get_boxed (v)));
      return store_slot (self, slot, &tmp);

    default:
      g_value_init (&tmp, G_VALUE_TYPE (dest));
      if (!g_value_transform (v, &tmp))
        goto wrong_type;
      return store_slot (self, slot, &tmp);
    }

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), info->pspecs[slot]);

  return changed;

wrong_type:
  g_critical ("%s:%s cannot be set from a %s", G_OBJECT_TYPE_NAME (self),
              f->name, G_VALUE_TYPE_NAME (v));
  return FALSE;
}

/* The slot update_from and the codec read for field @index: the raw text
 * of an ENUM, the value itself otherwise. */
static const GValue *
peek_field (BdModel *self,
            guint    index)
{
  ModelInfo *info = model_info (self);
  guint slot = info->field_slot[index];

  g_assert (BD_IS_MODEL (self));

  if (info->fields[index].kind == BD_FIELD_ENUM)
    slot++;

  return &model_values (self)[slot];
}

static guint
field_index (BdModel       *self,
             const BdField *field)
{
  ModelInfo *info = model_info (self);

  g_assert (BD_IS_MODEL (self));
  g_assert (field >= info->fields && field < info->fields + info->n_fields);

  return field - info->fields;
}

static const GValue *
peek_typed (gpointer    self,
            const char *name,
            GType       type)
{
  GParamSpec *pspec;
  const GValue *v;

  g_return_val_if_fail (BD_IS_MODEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
  if (pspec == NULL || !g_type_is_a (pspec->owner_type, BD_TYPE_MODEL))
    {
      g_critical ("%s has no field %s", G_OBJECT_TYPE_NAME (self), name);
      return NULL;
    }

  v = &model_values (self)[pspec->param_id - 1];
  g_return_val_if_fail (G_VALUE_HOLDS (v, type), NULL);

  return v;
}

/* The boxed and object kinds are all a pointer. */
static gpointer
peek_pointer (gpointer    self,
              const char *name,
              GType       type)
{
  const GValue *v = peek_typed (self, name, type);

  return v != NULL ? g_value_peek_pointer (v) : NULL;
}

/* --------------------------------------------------------- GObject overrides */

static void
bd_model_constructed (GObject *object)
{
  BdModel *self = BD_MODEL (object);
  BdModelPrivate *priv = bd_model_get_instance_private (self);
  ModelInfo *info = model_info (self);

  G_OBJECT_CLASS (bd_model_parent_class)->constructed (object);

  g_return_if_fail (info != NULL);

  priv->values = g_new0 (GValue, info->n_slots);
  priv->set = g_new0 (guint8, info->n_fields);
  for (guint slot = 0; slot < info->n_slots; slot++)
    g_value_init (&priv->values[slot], G_PARAM_SPEC_VALUE_TYPE (info->pspecs[slot]));

  for (guint i = 0; i < info->n_fields; i++)
    if (info->fields[i].kind == BD_FIELD_LIST)
      g_value_take_object (&priv->values[info->field_slot[i]],
                           g_list_store_new (info->fields[i].type_func ()));
}

static void
bd_model_finalize (GObject *object)
{
  BdModel *self = BD_MODEL (object);
  BdModelPrivate *priv = bd_model_get_instance_private (self);
  ModelInfo *info = model_info (self);

  for (guint slot = 0; priv->values != NULL && slot < info->n_slots; slot++)
    g_value_unset (&priv->values[slot]);
  g_clear_pointer (&priv->values, g_free);
  g_clear_pointer (&priv->set, g_free);

  G_OBJECT_CLASS (bd_model_parent_class)->finalize (object);
}

static void
bd_model_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BdModel *self = BD_MODEL (object);

  if (prop_id == 0 || prop_id > model_info (self)->n_slots)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  g_value_copy (&model_values (self)[prop_id - 1], value);
}

static void
bd_model_class_init (BdModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bd_model_constructed;
  object_class->finalize = bd_model_finalize;
}

static void
bd_model_init (BdModel *self)
{
}

/* --------------------------------------------------------------- public API */

void
bd_model_class_install_fields (BdModelClass  *klass,
                               const BdField *fields,
                               guint          n_fields)
{
  ModelInfo *info;
  guint slot = 0;

  g_return_if_fail (BD_IS_MODEL_CLASS (klass));
  g_return_if_fail (klass->info == NULL);

  /* Classes live as long as the process, and so does their info. */
  info = g_new0 (ModelInfo, 1);
  info->fields = fields;
  info->n_fields = n_fields;
  info->field_slot = g_new0 (guint, n_fields);
  info->slot_field = g_new0 (guint, 2 * n_fields);
  info->pspecs = g_new0 (GParamSpec *, 2 * n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      info->field_slot[i] = slot;
      info->slot_field[slot] = i;
      info->pspecs[slot++] = field_pspec (&fields[i]);

      if (fields[i].kind == BD_FIELD_ENUM)
        {
          g_autofree char *raw = g_strconcat (fields[i].name, "-raw", NULL);

          info->slot_field[slot] = i;
          info->pspecs[slot++] = g_param_spec_string (g_intern_string (raw), NULL, NULL,
                                                      NULL, PARAM_FLAGS);
        }
    }
  info->n_slots = slot;

  /* GObject does not inherit get_property: property ids are per class. */
  G_OBJECT_CLASS (klass)->get_property = bd_model_get_property;
  for (slot = 0; slot < info->n_slots; slot++)
    g_object_class_install_property (G_OBJECT_CLASS (klass), slot + 1, info->pspecs[slot]);

  klass->info = info;
}

const BdField *
bd_model_get_fields (GType  type,
                     guint *n_fields)
{
  g_autoptr(GTypeClass) klass = NULL;
  ModelInfo *info;

  g_return_val_if_fail (g_type_is_a (type, BD_TYPE_MODEL), NULL);
  g_return_val_if_fail (n_fields != NULL, NULL);

  klass = g_type_class_ref (type);
  info = BD_MODEL_CLASS (klass)->info;
  g_return_val_if_fail (info != NULL, NULL);
  *n_fields = info->n_fields;

  return info->fields;
}

void
bd_model_set_field (gpointer       self,
                    const BdField *field,
                    const GValue  *value)
{
  g_return_if_fail (BD_IS_MODEL (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (G_IS_VALUE (value));

  set_field (self, field_index (self, field), value);
}

/**
 * bd_model_field_is_set:
 *
 * Whether @field has a value: not NULL for strings, money, dates, enums,
 * metadata and objects; given one (0, FALSE and [] included) for integers,
 * booleans and lists.  The codec leaves an unset optional field out.
 */
gboolean
bd_model_field_is_set (gpointer       self,
                       const BdField *field)
{
  g_return_val_if_fail (BD_IS_MODEL (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return field_is_set (self, field_index (self, field));
}

const GValue *
bd_model_peek_field (gpointer       self,
                     const BdField *field)
{
  g_return_val_if_fail (BD_IS_MODEL (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return peek_field (self, field_index (self, field));
}

void
bd_model_set (gpointer    self,
              const char *first_name,
              ...)
{
  ModelInfo *info;
  va_list args;

  g_return_if_fail (BD_IS_MODEL (self));

  info = model_info (self);
  g_object_freeze_notify (self);
  va_start (args, first_name);

  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *error = NULL;

      if (pspec == NULL || !g_type_is_a (pspec->owner_type, BD_TYPE_MODEL))
        {
          g_critical ("%s has no field %s", G_OBJECT_TYPE_NAME (self), name);
          break;
        }

      G_VALUE_COLLECT_INIT (&value, pspec->value_type, args, 0, &error);
      if (error != NULL)
        {
          g_critical ("%s:%s: %s", G_OBJECT_TYPE_NAME (self), name, error);
          break;
        }

      set_field (self, info->slot_field[pspec->param_id - 1], &value);
    }

  va_end (args);
  g_object_thaw_notify (self);
}

gboolean
bd_model_update_from (gpointer self,
                      gpointer newer)
{
  ModelInfo *info;
  gboolean changed = FALSE;

  g_return_val_if_fail (BD_IS_MODEL (self), FALSE);
  g_return_val_if_fail (BD_IS_MODEL (newer), FALSE);
  g_return_val_if_fail (G_OBJECT_TYPE (self) == G_OBJECT_TYPE (newer), FALSE);

  if (self == newer)
    return FALSE;

  info = model_info (self);
  g_object_freeze_notify (self);
  for (guint i = 0; i < info->n_fields; i++)
    changed |= field_is_set (newer, i) ? set_field (self, i, peek_field (newer, i))
                                       : reset_field (self, i);
  g_object_thaw_notify (self);

  return changed;
}

gboolean
bd_model_equal (gpointer a,
                gpointer b)
{
  ModelInfo *info;

  g_return_val_if_fail (BD_IS_MODEL (a), FALSE);
  g_return_val_if_fail (BD_IS_MODEL (b), FALSE);

  if (G_OBJECT_TYPE (a) != G_OBJECT_TYPE (b))
    return FALSE;

  info = model_info (a);
  for (guint slot = 0; slot < info->n_slots; slot++)
    if (!values_equal (&model_values (a)[slot], &model_values (b)[slot]))
      return FALSE;

  for (guint i = 0; i < info->n_fields; i++)
    if (field_is_set (a, i) != field_is_set (b, i))
      return FALSE;

  return TRUE;
}

gpointer
bd_model_copy (gpointer self)
{
  BdModel *copy;

  g_return_val_if_fail (BD_IS_MODEL (self), NULL);

  copy = g_object_new (G_OBJECT_TYPE (self), NULL);
  bd_model_update_from (copy, self);

  return copy;
}

const char *
bd_model_get_string (gpointer    self,
                     const char *name)
{
  const GValue *v = peek_typed (self, name, G_TYPE_STRING);

  return v != NULL ? g_value_get_string (v) : NULL;
}

gint64
bd_model_get_int (gpointer    self,
                  const char *name)
{
  const GValue *v = peek_typed (self, name, G_TYPE_INT64);

  return v != NULL ? g_value_get_int64 (v) : 0;
}

gboolean
bd_model_get_boolean (gpointer    self,
                      const char *name)
{
  const GValue *v = peek_typed (self, name, G_TYPE_BOOLEAN);

  return v != NULL ? g_value_get_boolean (v) : FALSE;
}

int
bd_model_get_enum (gpointer    self,
                   const char *name)
{
  const GValue *v = peek_typed (self, name, G_TYPE_ENUM);

  return v != NULL ? g_value_get_enum (v) : 0;
}


const BdMoney *
bd_model_get_money (gpointer    self,
                    const char *name)
{
  return peek_pointer (self, name, BD_TYPE_MONEY);
}

GDateTime *
bd_model_get_datetime (gpointer    self,
                       const char *name)
{
  return peek_pointer (self, name, G_TYPE_DATE_TIME);
}

GHashTable *
bd_model_get_metadata (gpointer    self,
                       const char *name)
{
  return peek_pointer (self, name, G_TYPE_HASH_TABLE);
}

GListModel *
bd_model_get_list (gpointer    self,
                   const char *name)
{
  return peek_pointer (self, name, G_TYPE_LIST_MODEL);
}
