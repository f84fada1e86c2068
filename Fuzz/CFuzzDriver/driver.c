#include "CFuzzDriver.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/// Present only when libFuzzer is linked in (`-sanitize=fuzzer`).
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

static int replay_file(const char *path, feat_fuzz_callback callback) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    size_t capacity = 1 << 16, size = 0;
    uint8_t *data = malloc(capacity);
    size_t got;
    while (data && (got = fread(data + size, 1, capacity - size, file)) > 0) {
        size += got;
        if (size == capacity) {
            capacity *= 2;
            uint8_t *grown = realloc(data, capacity);
            if (!grown) {
                free(data);
                data = NULL;
            }
            data = grown;
        }
    }
    fclose(file);
    if (!data) return 1;
    callback(data, size);
    free(data);
    return 0;
}

static int replay(const char *path, feat_fuzz_callback callback, int *count) {
    struct stat info;
    if (stat(path, &info) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    if (!S_ISDIR(info.st_mode)) {
        *count += 1;
        return replay_file(path, callback);
    }
    DIR *dir = opendir(path);
    if (!dir) return 1;
    int failed = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') continue;
        size_t length = strlen(path) + strlen(entry->d_name) + 2;
        char *child = malloc(length);
        if (!child) return 1;
        snprintf(child, length, "%s/%s", path, entry->d_name);
        failed |= replay(child, callback, count);
        free(child);
    }
    closedir(dir);
    return failed;
}

int feat_fuzz_main(int argc, char **argv, feat_fuzz_callback callback) {
    if (LLVMFuzzerRunDriver) return LLVMFuzzerRunDriver(&argc, &argv, callback);
    int failed = 0, count = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') continue;  // libFuzzer flags mean nothing here
        failed |= replay(argv[i], callback, &count);
    }
    fprintf(stderr, "replayed %d inputs (built without libFuzzer: no fuzzing)\n", count);
    return failed;
}
