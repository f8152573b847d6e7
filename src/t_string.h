/* t_string: helpers that the string commands share with the bitmap commands
 * (bitops.c). Both modules change string values in place, which needs the
 * RAW encoding: an int or embstr entry is first rebuilt as a RAW entry. */
#ifndef MNEMO_T_STRING_H
#define MNEMO_T_STRING_H
#include <stddef.h>

struct client;
struct db;
struct kv;
struct rstr;

/* Replies "string exceeds maximum allowed size (proto-max-bulk-len)" and
 * returns 0 when a string of size+append bytes would pass proto-max-bulk-len
 * (or the sum overflows); 1 when it fits. While loading (AOF replay) every size
 * is accepted, like Redis does for the clients it must obey. */
int string_check_length(struct client *c, long long size, long long append);

/* Makes the string entry *op RAW (swapping a rebuilt entry into db when it was
 * int/embstr; *op is updated and the old pointer is invalid) and zero-pads its
 * value up to `len` bytes (a longer value is left alone). Capacity grows
 * greedily. Returns the value buffer, which stays valid until the entry is
 * changed again. */
struct rstr *string_raw_grow(struct db *db, struct kv **op, size_t len);

#endif
