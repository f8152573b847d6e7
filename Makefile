# Mnemo build. `make` builds build/mnemo-server; `make sanitize` builds an ASan+UBSan
# variant in build-san/; `make unit` builds and runs the C unit tests; `make test`
# runs everything (unit tests and the pytest suite against the built server).
CC      ?= gcc
BUILD   ?= build
OPT     ?= -O2 -g
CFLAGS  += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) -MMD -MP \
           -I/usr/include/lua5.1 -I/usr/include/liblzf
LDLIBS  += -ljemalloc -llzf -llua5.1 -llua5.1-cjson -llua5.1-bitop -lm -lpthread
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRCS    := $(wildcard src/*.c)
OBJS    := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
# The libraries unit tests link: modules that know nothing of the server (no server.h).
UNIT_LIBS ?= ae crc64 rdb_io dict htab intarr listpack mem net resp util quicklist zbtree geohash lua_cmsgpack lua_struct
UNIT_LIB_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(UNIT_LIBS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))

.PHONY: all clean sanitize unit test pytest format format-check
all: $(BUILD)/mnemo-server

$(BUILD)/mnemo-server: $(OBJS)
	@echo "  LINK  $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj $(BUILD)/unit:
	mkdir -p $@

# Unit tests link the library modules only (never server.c and its main).
$(BUILD)/unit/%: tests/unit/%.c $(UNIT_LIB_OBJS) | $(BUILD)/unit
	$(CC) $(CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(UNIT_LIB_OBJS) $(LDLIBS) -lcmocka

# Unit tests of server modules (the set and hash encodings, which live on key
# entries; the blocking module, which works on clients) link every module but main.c.
SERVER_UNIT := test_set_type test_hash_type test_blocking test_zset_type test_rdb_value
SERVER_OBJS = $(filter-out $(BUILD)/obj/main.o,$(OBJS))
$(patsubst %,$(BUILD)/unit/%,$(SERVER_UNIT)): $(BUILD)/unit/%: tests/unit/%.c $(SERVER_OBJS) | $(BUILD)/unit
	$(CC) $(CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(SERVER_OBJS) $(LDLIBS) -lcmocka

# Runs every unit binary (even after a failure) and prints one total line.
unit: $(UNIT_BINS)
	@fail=0; pass=0; for t in $(UNIT_BINS); do echo "== $$t"; \
	  if $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); fi; done; \
	echo "unit: $$pass test programs passed, $$fail failed"; test $$fail -eq 0

sanitize:
	$(MAKE) BUILD=build-san OPT="-O1 -g $(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" all unit

# MNEMO_SERVER picks the binary under test (e.g. build-san/mnemo-server).
MNEMO_SERVER ?= $(BUILD)/mnemo-server
pytest: $(BUILD)/mnemo-server
	MNEMO_SERVER=$(abspath $(MNEMO_SERVER)) /usr/bin/python3 -m pytest -q tests/py

test: unit pytest

# Every C file is kept in .clang-format style (checked in CI).
FORMAT_FILES ?= $(wildcard src/*.c src/*.h) $(UNIT_SRCS)

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)
	@echo "format-check: $(words $(FORMAT_FILES)) files clean"

clean:
	rm -rf build build-san

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)
