/* bd-status-words.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-status-words"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-enums.h"
#include "bd-status-words.h"

/* Each table is indexed by the enum's value; [0] is UNKNOWN.  The words
 * are those of Dodo's dashboard ("Succeeded" for a payment), with a
 * context per set: a language may need another form of "Failed" for a
 * payment than for a subscription. */
typedef struct
{
  const char   *word;
  BdStatusTone  tone;
} Status;

static const Status payment_statuses[] = {
  [BD_PAYMENT_STATUS_UNKNOWN] = { NULL, BD_STATUS_TONE_NEUTRAL },
  [BD_PAYMENT_STATUS_SUCCEEDED] = { NC_("payment status", "Succeeded"), BD_STATUS_TONE_SUCCESS },
  [BD_PAYMENT_STATUS_FAILED] = { NC_("payment status", "Failed"), BD_STATUS_TONE_ERROR },
  [BD_PAYMENT_STATUS_CANCELLED] = { NC_("payment status", "Cancelled"), BD_STATUS_TONE_ERROR },
  [BD_PAYMENT_STATUS_PROCESSING] = { NC_("payment status", "Processing"), BD_STATUS_TONE_WARNING },
  [BD_PAYMENT_STATUS_REQUIRES_CUSTOMER_ACTION] =
    { NC_("payment status", "Requires Customer Action"), BD_STATUS_TONE_WARNING },
  [BD_PAYMENT_STATUS_REQUIRES_MERCHANT_ACTION] =
    { NC_("payment status", "Requires Merchant Action"), BD_STATUS_TONE_WARNING },
  [BD_PAYMENT_STATUS_REQUIRES_PAYMENT_METHOD] =
    { NC_("payment status", "Requires Payment Method"), BD_STATUS_TONE_WARNING },
  [BD_PAYMENT_STATUS_REQUIRES_CONFIRMATION] =
    { NC_("payment status", "Requires Confirmation"), BD_STATUS_TONE_WARNING },
  [BD_PAYMENT_STATUS_REQUIRES_CAPTURE] =
    { NC_("payment status", "Requires Capture"), BD_STATUS_TONE_WARNING },
  [BD_PAYMENT_STATUS_PARTIALLY_CAPTURED] =
    { NC_("payment status", "Partially Captured"), BD_STATUS_TONE_WARNING },
  [BD_PAYMENT_STATUS_PARTIALLY_CAPTURED_AND_CAPTURABLE] =
    { NC_("payment status", "Partially Captured, Capturable"), BD_STATUS_TONE_WARNING },
};

static const Status refund_statuses[] = {
  [BD_REFUND_STATUS_UNKNOWN] = { NULL, BD_STATUS_TONE_NEUTRAL },
  [BD_REFUND_STATUS_SUCCEEDED] = { NC_("refund status", "Succeeded"), BD_STATUS_TONE_SUCCESS },
  [BD_REFUND_STATUS_FAILED] = { NC_("refund status", "Failed"), BD_STATUS_TONE_ERROR },
  [BD_REFUND_STATUS_PENDING] = { NC_("refund status", "Pending"), BD_STATUS_TONE_WARNING },
  [BD_REFUND_STATUS_REVIEW] = { NC_("refund status", "In Review"), BD_STATUS_TONE_WARNING },
};

/* Green while it bills, amber while it waits for something, red when it
 * ended badly, grey when it ran its course. */
static const Status subscription_statuses[] = {
  [BD_SUBSCRIPTION_STATUS_UNKNOWN] = { NULL, BD_STATUS_TONE_NEUTRAL },
  [BD_SUBSCRIPTION_STATUS_PENDING] = { NC_("subscription status", "Pending"), BD_STATUS_TONE_WARNING },
  [BD_SUBSCRIPTION_STATUS_ACTIVE] = { NC_("subscription status", "Active"), BD_STATUS_TONE_SUCCESS },
  [BD_SUBSCRIPTION_STATUS_ON_HOLD] = { NC_("subscription status", "On hold"), BD_STATUS_TONE_WARNING },
  [BD_SUBSCRIPTION_STATUS_PAUSED] = { NC_("subscription status", "Paused"), BD_STATUS_TONE_WARNING },
  [BD_SUBSCRIPTION_STATUS_CANCELLED] = { NC_("subscription status", "Cancelled"), BD_STATUS_TONE_ERROR },
  [BD_SUBSCRIPTION_STATUS_FAILED] = { NC_("subscription status", "Failed"), BD_STATUS_TONE_ERROR },
  [BD_SUBSCRIPTION_STATUS_EXPIRED] = { NC_("subscription status", "Expired"), BD_STATUS_TONE_NEUTRAL },
};

static const Status dispute_statuses[] = {
  [BD_DISPUTE_STATUS_UNKNOWN] = { NULL, BD_STATUS_TONE_NEUTRAL },
  [BD_DISPUTE_STATUS_OPENED] = { NC_("dispute status", "Open"), BD_STATUS_TONE_WARNING },
  [BD_DISPUTE_STATUS_EXPIRED] = { NC_("dispute status", "Expired"), BD_STATUS_TONE_ERROR },
  [BD_DISPUTE_STATUS_ACCEPTED] = { NC_("dispute status", "Accepted"), BD_STATUS_TONE_ERROR },
  [BD_DISPUTE_STATUS_CANCELLED] = { NC_("dispute status", "Cancelled"), BD_STATUS_TONE_NEUTRAL },
  [BD_DISPUTE_STATUS_CHALLENGED] = { NC_("dispute status", "Challenged"), BD_STATUS_TONE_WARNING },
  [BD_DISPUTE_STATUS_WON] = { NC_("dispute status", "Won"), BD_STATUS_TONE_SUCCESS },
  [BD_DISPUTE_STATUS_LOST] = { NC_("dispute status", "Lost"), BD_STATUS_TONE_ERROR },
};

static const Status dispute_stages[] = {
  [BD_DISPUTE_STAGE_UNKNOWN] = { NULL, BD_STATUS_TONE_NEUTRAL },
  [BD_DISPUTE_STAGE_PRE_DISPUTE] = { NC_("dispute stage", "Pre-dispute"), BD_STATUS_TONE_WARNING },
  [BD_DISPUTE_STAGE_DISPUTE] = { NC_("dispute stage", "Dispute"), BD_STATUS_TONE_WARNING },
  [BD_DISPUTE_STAGE_PRE_ARBITRATION] = { NC_("dispute stage", "Pre-arbitration"), BD_STATUS_TONE_ERROR },
};

static const char *
context_of (GType status_type)
{
  if (status_type == BD_TYPE_PAYMENT_STATUS)
    return "payment status";
  if (status_type == BD_TYPE_REFUND_STATUS)
    return "refund status";
  if (status_type == BD_TYPE_SUBSCRIPTION_STATUS)
    return "subscription status";
  if (status_type == BD_TYPE_DISPUTE_STATUS)
    return "dispute status";
  if (status_type == BD_TYPE_DISPUTE_STAGE)
    return "dispute stage";
  return NULL;
}

/* The entry for @value, or NULL.  (transfer none) */
static const Status *
lookup (GType status_type,
        int   value)
{
  const Status *table = NULL;
  guint n = 0;

#define TABLE(t) (table = (t), n = G_N_ELEMENTS (t))
  if (status_type == BD_TYPE_PAYMENT_STATUS)
    TABLE (payment_statuses);
  else if (status_type == BD_TYPE_REFUND_STATUS)
    TABLE (refund_statuses);
  else if (status_type == BD_TYPE_SUBSCRIPTION_STATUS)
    TABLE (subscription_statuses);
  else if (status_type == BD_TYPE_DISPUTE_STATUS)
    TABLE (dispute_statuses);
  else if (status_type == BD_TYPE_DISPUTE_STAGE)
    TABLE (dispute_stages);
#undef TABLE

  if (table == NULL || value < 0 || (guint) value >= n)
    return NULL;
  return &table[value];
}

const char *
bd_status_word (GType status_type,
                int   value)
{
  const Status *status = lookup (status_type, value);

  if (status == NULL || status->word == NULL)
    return NULL;
  return g_dpgettext2 (GETTEXT_PACKAGE, context_of (status_type), status->word);
}

const char *
bd_status_word_for_raw (GType       status_type,
                        const char *raw)
{
  const char *word;

  if (raw == NULL || *raw == '\0')
    return "—";
  word = bd_status_word (status_type, bd_enum_from_string (status_type, raw));
  return word != NULL ? word : raw;
}

BdStatusTone
bd_status_tone (GType status_type,
                int   value)
{
  const Status *status = lookup (status_type, value);

  return status != NULL ? status->tone : BD_STATUS_TONE_NEUTRAL;
}

const char *
bd_status_refunded_word (const char *refund_status)
{
  if (g_strcmp0 (refund_status, "partial") == 0)
    return _("Partially refunded");
  if (g_strcmp0 (refund_status, "full") == 0)
    return _("Refunded");
  return NULL;
}
