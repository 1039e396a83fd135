/* bd-item-row.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-item-row"

#include "config.h"

#include "bd-item-row.h"

typedef struct
{
  GObject      *item;
  GSignalGroup *item_signals;   /* the item's "notify" */
} BdItemRowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BdItemRow, bd_item_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (BdItemRow *self)
{
  BdItemRowPrivate *priv = bd_item_row_get_instance_private (self);

  if (priv->item != NULL)
    BD_ITEM_ROW_GET_CLASS (self)->update (self, priv->item);
}

static void
bd_item_row_dispose (GObject *object)
{
  BdItemRow *self = BD_ITEM_ROW (object);
  BdItemRowPrivate *priv = bd_item_row_get_instance_private (self);

  g_clear_object (&priv->item_signals);
  g_clear_object (&priv->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  /* The template's boxes are children, not bound fields. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bd_item_row_parent_class)->dispose (object);
}

static void
bd_item_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BdItemRow *self = BD_ITEM_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, bd_item_row_get_item (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_item_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BdItemRow *self = BD_ITEM_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      bd_item_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_item_row_class_init (BdItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_item_row_dispose;
  object_class->get_property = bd_item_row_get_property;
  object_class->set_property = bd_item_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
bd_item_row_init (BdItemRow *self)
{
  BdItemRowPrivate *priv = bd_item_row_get_instance_private (self);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);
  priv->item_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_swapped (priv->item_signals, "notify", G_CALLBACK (update), self);
}

/**
 * bd_item_row_get_item:
 *
 * Returns: (transfer none) (nullable): the object shown
 */
gpointer
bd_item_row_get_item (BdItemRow *self)
{
  BdItemRowPrivate *priv = bd_item_row_get_instance_private (self);

  g_return_val_if_fail (BD_IS_ITEM_ROW (self), NULL);

  return priv->item;
}

/**
 * bd_item_row_set_item:
 * @item: (nullable): the object to show
 */
void
bd_item_row_set_item (BdItemRow *self,
                      GObject   *item)
{
  BdItemRowPrivate *priv = bd_item_row_get_instance_private (self);

  g_return_if_fail (BD_IS_ITEM_ROW (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (!g_set_object (&priv->item, item))
    return;

  g_signal_group_set_target (priv->item_signals, item);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
