/* t_hash: the hash type (commands in t_hash.c). */
#ifndef MNEMO_T_HASH_H
#define MNEMO_T_HASH_H

/* Registers the hash type's hooks (type_ops[T_HASH]); called at start-up. */
void hash_type_init(void);

#endif
