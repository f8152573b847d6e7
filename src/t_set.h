/* t_set: the set type (commands in t_set.c). */
#ifndef MNEMO_T_SET_H
#define MNEMO_T_SET_H

/* Registers the set type's hooks (type_ops[T_SET]); called at start-up. */
void set_type_init(void);

#endif
