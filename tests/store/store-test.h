/* store-test.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-query-model.h"
#include "bd-store.h"

G_BEGIN_DECLS

/* A payment as the server sends it; NULL strings are left out. */
typedef struct
{
  const char *id;
  const char *customer_name;
  const char *customer_email;
  const char *status;
  const char *currency;
  gint64      amount;
  gint64      created;        /* seconds since 1970 */
  const char *product_id;     /* one cart line, or none */
  const char *invoice_id;
  const char *subscription_id;
  gint64      refunded;       /* a succeeded refund of this much, or none */
} TestPayment;

/* A fresh directory and a store file path in it; removed by
 * store_test_cleanup().  (transfer full) */
char       *store_test_new_path      (void);
void        store_test_cleanup       (const char   *path);

char       *store_test_payment_json  (const TestPayment *p);
char       *store_test_product_json  (const char   *id,
                                      const char   *name);
/* An active subscription to @product_id (customer cus_1). */
char       *store_test_subscription_json (const char *id,
                                          const char *product_id);

/* Decodes @json as @type and upserts it, with @json as the raw JSON, in one
 * write; aborts the test on error. */
void        store_test_put           (BdStore      *store,
                                      GType         type,
                                      const char   *json);
void        store_test_put_payment   (BdStore      *store,
                                      const TestPayment *p);

/* The payment ids of @model's rows, in order, joined by spaces, once it
 * has read its whole result.  (transfer full) */
char       *store_test_payment_ids   (BdQueryModel *model);

/* One value of a row, as text, straight from SQLite.  (transfer full) */
char       *store_test_column        (BdStore      *store,
                                      const char   *sql);

G_END_DECLS
