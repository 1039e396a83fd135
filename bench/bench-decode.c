/* bench-decode.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Decoding a 100-item payments page into model objects (docs/benchmarks.md).
 *
 *   bench-decode [PAGES-PER-ROUND [ROUNDS]]
 *
 * Builds one realistic page in memory, then times, round after round, the
 * strict parse + decode into BdPayment objects, the strict parse alone, and
 * json-glib's parse alone of the same bytes.  Prints the median per page of
 * each and the ratio of the first to the last: the ratio is what to compare
 * across machines. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bd-dodo-client.h"
#include "bd-dodo-codec.h"
#include "bd-payment.h"

#define N_ITEMS 100

static const char * const names[] = {
  "Ana Lima", "Bruno Keller", "Chen Wei", "Dana Okafor", "Émile Roux", "Farah Haddad",
  "Göran Lind", "Hiro Tanaka", "Ines Duarte", "Jonas Berg", "Kavya Rao", "Liam O’Neil",
};
static const char * const countries[] = { "US", "DE", "IN", "GB", "FR", "JP", "BR", "PT" };
static const char * const currencies[] = { "USD", "EUR", "INR", "GBP", "EUR", "JPY", "BRL", "EUR" };
static const char * const statuses[] = { "succeeded", "succeeded", "succeeded", "failed", "processing" };

static void
append_payment (GString *s,
                GRand   *rand,
                guint    i)
{
  guint who = g_rand_int_range (rand, 0, G_N_ELEMENTS (names));
  guint where = g_rand_int_range (rand, 0, G_N_ELEMENTS (countries));
  const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
  gint64 total = g_rand_int_range (rand, 50, 500000);
  guint n_lines = g_rand_int_range (rand, 1, 4);
  gboolean refunded = g_rand_int_range (rand, 0, 10) == 0;

  g_string_append_printf (s,
    "{\"payment_id\":\"pay_%08u%012u\",\"business_id\":\"bus_P3SXLcppjXgagmHS\","
    "\"brand_id\":\"bus_P3SXLcppjXgagmHS\",\"created_at\":\"2026-0%u-%02uT%02u:%02u:%02u.%06uZ\","
    "\"updated_at\":null,\"status\":\"%s\",\"total_amount\":%" G_GINT64_FORMAT ","
    "\"tax\":%" G_GINT64_FORMAT ",\"currency\":\"%s\","
    "\"settlement_amount\":%" G_GINT64_FORMAT ",\"settlement_tax\":null,\"settlement_currency\":\"USD\","
    "\"customer\":{\"customer_id\":\"cus_%010u\",\"name\":\"%s\",\"email\":\"customer%u@example.com\"},"
    "\"billing\":{\"country\":\"%s\",\"state\":null,\"city\":\"City %u\",\"street\":\"%u Main Street\","
    "\"zipcode\":\"%05u\"},"
    "\"metadata\":{\"order\":\"A-%u\",\"channel\":\"%s\"},"
    "\"subscription_id\":%s,\"checkout_session_id\":\"cks_%012u\",\"payment_link\":null,"
    "\"payment_provider\":\"stripe\",\"payment_method\":\"card\",\"payment_method_type\":null,"
    "\"card_network\":\"VISA\",\"card_last_four\":\"%04u\",\"card_type\":\"CREDIT\","
    "\"card_issuing_country\":\"%s\",\"card_holder_name\":null,"
    "\"error_code\":%s,\"error_message\":%s,\"invoice_id\":\"inv_%08u\",\"invoice_url\":null,"
    "\"refund_status\":%s,\"discount_id\":null,\"digital_products_delivered\":%s,"
    "\"is_update_payment_method\":false,\"retry_attempt\":0,\"disputes\":[],",
    i, g_rand_int (rand),
    g_rand_int_range (rand, 1, 10), g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 0, 24),
    g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 1000000),
    status, total, total / 6, currencies[where], total + 17,
    g_rand_int (rand) % 1000000000, names[who], g_rand_int_range (rand, 0, 100000),
    countries[where], who, g_rand_int_range (rand, 1, 999), g_rand_int_range (rand, 0, 99999),
    i, i % 3 == 0 ? "web" : "app",
    i % 4 == 0 ? "\"sub_7EeHq2ewQuadropD2ra\"" : "null", g_rand_int (rand),
    g_rand_int_range (rand, 0, 10000), countries[where],
    g_str_equal (status, "failed") ? "\"card_declined\"" : "null",
    g_str_equal (status, "failed") ? "\"Your card was declined.\"" : "null",
    g_rand_int (rand), refunded ? "\"partial\"" : "null", i % 2 ? "true" : "false");

  g_string_append (s, "\"product_cart\":[");
  for (guint l = 0; l < n_lines; l++)
    g_string_append_printf (s, "%s{\"product_id\":\"pdt_%014u\",\"quantity\":%u}",
                            l > 0 ? "," : "", g_rand_int (rand), g_rand_int_range (rand, 1, 4));

  g_string_append (s, "],\"refunds\":[");
  if (refunded)
    g_string_append_printf (s,
      "{\"refund_id\":\"ref_%012u\",\"payment_id\":\"pay_%08u\",\"business_id\":\"bus_P3SXLcppjXgagmHS\","
      "\"created_at\":\"2026-09-30T12:00:00Z\",\"is_partial\":true,\"status\":\"succeeded\","
      "\"amount\":%" G_GINT64_FORMAT ",\"currency\":\"%s\",\"reason\":\"Customer request\"}",
      g_rand_int (rand), i, total / 2, currencies[where]);
  g_string_append (s, "]}");
}

static GBytes *
build_page (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  GString *s = g_string_new ("{\"items\":[");

  for (guint i = 0; i < N_ITEMS; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      append_payment (s, rand, i);
    }
  g_string_append (s, "]}");

  return g_string_free_to_bytes (s);
}

/* What the client does with a page: strict parse, then decode the items. */
static guint
decode_page (GBytes *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = bd_dodo_parse_json (page, &error);
  g_autoptr(GPtrArray) payments = NULL;

  if (root != NULL)
    payments = bd_dodo_decode_array (BD_TYPE_PAYMENT,
                                     json_object_get_array_member (json_node_get_object (root), "items"),
                                     &error);
  if (payments == NULL)
    g_error ("The benchmark page does not decode: %s", error->message);

  return payments->len;
}

static guint
strict_parse_page (GBytes *page)
{
  g_autoptr(JsonNode) root = bd_dodo_parse_json (page, NULL);

  if (root == NULL)
    g_error ("The benchmark page does not parse");

  return json_array_get_length (json_object_get_array_member (json_node_get_object (root), "items"));
}

static guint
parse_page (GBytes *page)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (page, &len);

  if (!json_parser_load_from_data (parser, data, len, NULL))
    g_error ("The benchmark page does not parse");

  return json_array_get_length (json_object_get_array_member (
           json_node_get_object (json_parser_get_root (parser)), "items"));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median over @rounds rounds of the time per page, in µs. */
static double
median_us (guint  (*func) (GBytes *page),
           GBytes  *page,
           guint    pages_per_round,
           guint    rounds)
{
  g_autofree double *per_page = g_new (double, rounds);

  func (page);  /* warm up */
  for (guint r = 0; r < rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint p = 0; p < pages_per_round; p++)
        if (func (page) != N_ITEMS)
          g_error ("Lost items");
      per_page[r] = (double) (g_get_monotonic_time () - start) / pages_per_round;
    }

  qsort (per_page, rounds, sizeof (double), compare_doubles);

  return per_page[rounds / 2];
}

int
main (int   argc,
      char *argv[])
{
  guint pages_per_round = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 50;
  guint rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 15;
  g_autoptr(GBytes) page = build_page ();
  gsize size = g_bytes_get_size (page);
  double decode, strict, parse;

  if (pages_per_round == 0 || rounds == 0)
    {
      g_printerr ("Usage: %s [PAGES-PER-ROUND [ROUNDS]]\n", argv[0]);
      return 2;
    }

  g_type_ensure (BD_TYPE_PAYMENT);
  decode = median_us (decode_page, page, pages_per_round, rounds);
  strict = median_us (strict_parse_page, page, pages_per_round, rounds);
  parse = median_us (parse_page, page, pages_per_round, rounds);

  g_print ("page: %u payments, %" G_GSIZE_FORMAT " bytes\n", N_ITEMS, size);
  g_print ("pages decoded: %u (%u rounds of %u, median shown)\n",
           rounds * pages_per_round, rounds, pages_per_round);
  g_print ("strict parse + decode: %6.0f us/page, %5.1f MB/s, %.0f payments/s\n",
           decode, size / decode, N_ITEMS * 1e6 / decode);
  g_print ("strict parse only:     %6.0f us/page, %5.1f MB/s\n", strict, size / strict);
  g_print ("json-glib parse only:  %6.0f us/page, %5.1f MB/s\n", parse, size / parse);
  g_print ("ratio decode / json-glib parse: %.2f\n", decode / parse);

  return 0;
}
