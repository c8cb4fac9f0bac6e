/* A stand-in libcuda.so.1 for machines without an NVIDIA driver (numerics_fn.cpu_legate).
 *
 * The PyPI wheels of Legate/cuPyNumeric are a CUDA build: they link libcuda.so.1. This
 * library provides the driver entry points they need and answers "no device", so Legate
 * disables CUDA and runs its tasks on CPUs. Used with the 26.6 wheels (CUDA 13 runtime) and
 * the 26.1 wheels (CUDA 12 runtime). Built with gcc on first use.
 */
#include <string.h>

typedef int CUresult;
#define CUDA_SUCCESS 0
#define CUDA_ERROR_NO_DEVICE 100

/* Marker: numerics_fn recognises this stand-in by this symbol (a real driver lacks it). */
int numerics_fn_cuda_stub = 1;

static CUresult no_device(void) { return CUDA_ERROR_NO_DEVICE; }

CUresult cuInit(unsigned int flags) { (void)flags; return CUDA_ERROR_NO_DEVICE; }

CUresult cuDriverGetVersion(int *version) {
    if (version) *version = 13000;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetCount(int *count) {
    if (count) *count = 0;
    return CUDA_ERROR_NO_DEVICE;
}

CUresult cuGetErrorName(CUresult error, const char **name) {
    if (name) *name = error == CUDA_ERROR_NO_DEVICE ? "CUDA_ERROR_NO_DEVICE" : "CUDA_ERROR_UNKNOWN";
    return CUDA_SUCCESS;
}

CUresult cuGetErrorString(CUresult error, const char **text) {
    if (text) *text = error == CUDA_ERROR_NO_DEVICE ? "no CUDA-capable device is detected" : "unknown error";
    return CUDA_SUCCESS;
}

/* cuGetProcAddress hands back this library's own function for the names above (the CUDA 12
 * runtime of Legate 26.1 calls cuGetErrorString through it and reads the string it returns);
 * every other driver function Legate looks up answers "no device". */
static void *lookup(const char *symbol) {
    static const struct { const char *name; void *fn; } own[] = {
        {"cuInit", (void *)cuInit},
        {"cuDriverGetVersion", (void *)cuDriverGetVersion},
        {"cuDeviceGetCount", (void *)cuDeviceGetCount},
        {"cuGetErrorName", (void *)cuGetErrorName},
        {"cuGetErrorString", (void *)cuGetErrorString},
    };
    if (symbol)
        for (unsigned i = 0; i < sizeof own / sizeof own[0]; ++i)
            if (strcmp(symbol, own[i].name) == 0) return own[i].fn;
    return (void *)no_device;
}

CUresult cuGetProcAddress(const char *symbol, void **fn, int version, unsigned long long flags) {
    (void)version; (void)flags;
    if (fn) *fn = lookup(symbol);
    return CUDA_SUCCESS;
}

CUresult cuGetProcAddress_v2(const char *symbol, void **fn, int version, unsigned long long flags, int *status) {
    (void)version; (void)flags;
    if (fn) *fn = lookup(symbol);
    if (status) *status = 0; /* CU_GET_PROC_ADDRESS_SUCCESS */
    return CUDA_SUCCESS;
}

/* Linked directly (not looked up) by liblegion-legate.so. */
CUresult cuMemFree_v2(unsigned long long ptr) { (void)ptr; return CUDA_ERROR_NO_DEVICE; }
CUresult cuMemFreeHost(void *ptr) { (void)ptr; return CUDA_ERROR_NO_DEVICE; }
