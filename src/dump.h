/* dump: DUMP and RESTORE (RESTORE-ASKING), the single-key face of the RDB
 * value codec (rdb.h). Payload = [type byte][value][RDB version, 2 bytes LE]
 * [CRC64 of all that precedes, 8 bytes LE], byte-compatible with Redis 7.0. */
#ifndef MNEMO_DUMP_H
#define MNEMO_DUMP_H

struct client;
struct kv;

void dump_cmd(struct client *c);
void restore_cmd(struct client *c);

/* DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE ignores the payload's CRC. */
extern int dump_skip_checksum;

/* Bytes the value of o takes in RDB (DEBUG OBJECT serializedlength). */
unsigned long long dump_serialized_length(const struct kv *o);

/* Deep sanitizations run on payloads (INFO dump_payload_sanitizations). */
long long rdb_dump_payload_sanitizations(void);

#endif
