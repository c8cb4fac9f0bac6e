/* numerics_fn._fastcall: the dispatch fast path in C.
 *
 * A `FastOp` stands in front of an op's generated Python function (numerics_fn/_fastpath.py)
 * and answers the common call itself: positional arguments and keyword arguments naming the op's
 * parameters, whose dispatched types are in the op's cache trie (or, for a creation function, the
 * Context's backend: an explicit ctx=, a namespace's own Context, or the current one). It then calls the
 * cached implementation with every parameter filled in, as the Python function would. An explicit ctx=
 * beside arrays is taken where it names their backend and no device (else the Python path applies the rule
 * of `_dispatch.check_context`). Anything else (a cache miss, an unknown or doubled keyword, too few or
 * too many arguments) goes to the Python function, so behaviour and errors are the Python function's; only
 * the cost differs. Built by setuptools (setup.py, against NumPy's headers) when a C compiler is there;
 * numerics_fn works without it.
 *
 * A `Backend` namespace's functions are FastOps too, bound to its Context and reading the trie of the
 * calls whose operands that backend owns; their fallback is the namespace's Python method.
 *
 * The trie is a dict of dicts written by `_Op.remember` under the GIL and cleared by registration; the walk
 * holds a strong reference to each node (a lookup may run Python code that clears the trie).
 *
 * A `Shortcut` is an implementation with a common case in C: ``fn(*leading)`` for a call
 * ``(*leading, *defaults)`` (the defaults compared by identity) where the first argument's dtype is
 * in a set and, where asked, every leading argument has that same dtype; any other call, and a call
 * where fn raises the given exception type (TypeError unless told), goes to the Python implementation. A second
 * common case may be given: ``options_fn(*leading, *options)`` where each trailing argument is either its default
 * or, where asked, one of exact types that is passed on (torch's ``sum(x, axis, keepdims)`` for an int axis).
 * A call from C into Python costs more than a Python-to-Python call, so backends whose implementations add
 * NumPy's rules in Python (torch's exp for integer input, sum's options) answer the common case this way.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include <structmember.h>

#define NPY_NO_DEPRECATED_API NPY_1_23_API_VERSION
#include <numpy/arrayobject.h>

#ifdef Py_GIL_DISABLED
/* The trie is read with borrowed references, safe only under the GIL: a free-threaded build gets
 * no extension (the build is optional) and numerics_fn runs its Python fast path. */
#error "numerics_fn._fastcall needs the GIL"
#endif

#define MAX_ARGS 16

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *fallback;   /* the generated Python function (a namespace's: its Python method) */
    PyObject *cache;      /* the trie: dict keyed by argument type (creation functions: by backend name) */
    PyObject *names;      /* the names of the parameters but ctx, in order (keyword arguments are matched here) */
    PyObject *tail;       /* defaults of parameters n_required.. (all but ctx) */
    PyObject *context;    /* creation functions: the ContextVar holding the Context; else NULL */
    PyObject *bound;      /* a namespace's function: its Context (explicit, as ctx=); else NULL */
    PyObject *agreed;     /* the last explicit ctx found to agree with its arrays ... */
    PyObject *agreed_types[2]; /* ... of these types (held: a Context is immutable, a type's backend fixed) */
    PyObject *dict;       /* __name__, __doc__, __wrapped__, __op__, ... */
    Py_ssize_t n_dispatch;   /* leading parameters whose types key the trie (0: creation function) */
    Py_ssize_t n_required;   /* parameters the fast path needs given (positionally or by keyword) */
    Py_ssize_t n_positional; /* most positional arguments the fast path takes */
    Py_ssize_t n_posonly;    /* leading parameters that cannot be given by keyword */
} FastOp;

static PyObject *backend_name, *device_name, *dtype_name, *ctx_name; /* interned names */
/* Set once by configure(): the Context class, and the dict type -> backend name (None: neutral) of the
 * dispatch core, which an explicit ctx beside arrays is checked against. */
static PyObject *context_type, *owners;
/* The offsets of Context's slots backend, device and precision (-1: read as attributes), set by configure(). */
enum { CTX_BACKEND, CTX_DEVICE, CTX_PRECISION };
static Py_ssize_t context_offsets[3] = {-1, -1, -1};

/* The offset in instances of `type` of its slot `name` (a plain object slot that `type` itself defines, read by
 * generic attribute lookup), else -1. */
static Py_ssize_t
slot_offset(PyObject *type, const char *name)
{
    PyObject *descr = PyObject_GetAttrString(type, name);
    Py_ssize_t offset = -1;

    if (descr == NULL) {
        PyErr_Clear();
        return -1;
    }
    if (Py_IS_TYPE(descr, &PyMemberDescr_Type) && PyDescr_TYPE(descr) == (PyTypeObject *)type &&
        ((PyTypeObject *)type)->tp_getattro == PyObject_GenericGetAttr &&
        ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX &&
        !(((PyMemberDescrObject *)descr)->d_member->flags & READ_RESTRICTED))
        offset = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    return offset;
}

/* obj.name as a new reference: an instance of exactly `type` has the slot at `offset` read directly (what its member
 * descriptor returns, without the attribute lookup); anything else, or an empty slot, is asked for the attribute. */
static PyObject *
read_slot(PyObject *obj, PyObject *type, Py_ssize_t offset, PyObject *name)
{
    if (offset >= 0 && (PyObject *)Py_TYPE(obj) == type) {
        PyObject *value = *(PyObject **)((char *)obj + offset);
        if (value != NULL)
            return Py_NewRef(value);
    }
    return PyObject_GetAttr(obj, name);
}

/* PySet_Contains(set, key), where `members` (the set's members as a tuple) are matched by identity first: the set's
 * hash and __eq__ are asked only past them. */
static int
set_has(PyObject *members, PyObject *set, PyObject *key)
{
    Py_ssize_t j, n = PyTuple_GET_SIZE(members);

    for (j = 0; j < n; j++)
        if (PyTuple_GET_ITEM(members, j) == key)
            return 1;
    return PySet_Contains(set, key);
}

#define CONTEXT_ATTR(ctx, which, name) read_slot((ctx), context_type, context_offsets[which], (name))

/* The index of parameter `key` in self->names; -1 for ctx; -2 for no such parameter. Keyword names are
 * interned nearly always: identity first, then string equality. */
static Py_ssize_t
find_parameter(FastOp *self, PyObject *key)
{
    Py_ssize_t i, n = PyTuple_GET_SIZE(self->names);

    if (key == ctx_name)
        return -1;
    for (i = 0; i < n; i++)
        if (PyTuple_GET_ITEM(self->names, i) == key)
            return i;
    if (!PyUnicode_CheckExact(key))
        return -2;
    if (PyUnicode_Compare(key, ctx_name) == 0)
        return -1;
    for (i = 0; i < n; i++)
        if (PyUnicode_Compare(PyTuple_GET_ITEM(self->names, i), key) == 0)
            return i;
    return -2;
}

/* 1: an explicit ctx agrees with the arrays of a call (each owned by ctx's backend or neutral, and ctx names no
 * device), as `_dispatch.check_context` decides; 0: the Python path decides (and raises where it must); -1: error */
static int
ctx_agrees(FastOp *self, PyObject *ctx, PyObject *const *full)
{
    PyObject *backend, *device, *owner;
    Py_ssize_t i;
    int ok = 1;

    device = CONTEXT_ATTR(ctx, CTX_DEVICE, device_name);
    if (device == NULL)
        return -1;
    ok = device == Py_None;
    Py_DECREF(device);
    if (!ok || owners == NULL)
        return 0;
    backend = CONTEXT_ATTR(ctx, CTX_BACKEND, backend_name);
    if (backend == NULL)
        return -1;
    for (i = 0; ok == 1 && i < self->n_dispatch; i++) {
        owner = PyDict_GetItemWithError(owners, (PyObject *)Py_TYPE(full[i])); /* types are held by the args */
        if (owner == NULL)
            ok = PyErr_Occurred() ? -1 : 0; /* not classified yet: the Python path classifies it */
        else if (owner != Py_None && owner != backend)
            ok = PyUnicode_Compare(owner, backend) == 0;
    }
    Py_DECREF(backend);
    return ok;
}

static PyObject *
fastop_vectorcall(FastOp *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), n_tail = PyTuple_GET_SIZE(self->tail), n, i;
    PyObject *buffer[MAX_ARGS + 1], **full = buffer + 1, *node, *ctx = NULL, *result;

    if (nargs > self->n_positional)
        goto slow;
    for (i = 0; i < nargs; i++)
        full[i] = args[i];
    for (; i < self->n_required; i++)
        full[i] = NULL;
    for (; i < self->n_required + n_tail; i++)
        full[i] = PyTuple_GET_ITEM(self->tail, i - self->n_required);
    n = i;
    if (kwnames != NULL) {
        Py_ssize_t k, nkw = PyTuple_GET_SIZE(kwnames);
        for (k = 0; k < nkw; k++) {
            PyObject *value = args[nargs + k];
            Py_ssize_t j = find_parameter(self, PyTuple_GET_ITEM(kwnames, k));
            if (j == -1) {
                if (value == Py_None)
                    continue;
                if (context_type == NULL || (PyObject *)Py_TYPE(value) != context_type || self->bound != NULL)
                    goto slow; /* not a Context (the Python path says so), or ctx= to a namespace's function */
                ctx = value;
                continue;
            }
            if (j < self->n_posonly || j < nargs) /* no such parameter (-2), positional-only, or given twice */
                goto slow;
            full[j] = value;
        }
    }
    for (i = nargs; i < self->n_required; i++)
        if (full[i] == NULL)
            goto slow;
    if (self->context != NULL) { /* a creation function: the explicit ctx, the namespace's, or the current one */
        PyObject *backend;
        if (ctx == NULL)
            ctx = self->bound;
        if (ctx != NULL)
            Py_INCREF(ctx);
        else {
            if (PyContextVar_Get(self->context, NULL, &ctx) < 0)
                return NULL;
            if (ctx == NULL)
                goto slow;
        }
        backend = CONTEXT_ATTR(ctx, CTX_BACKEND, backend_name);
        if (backend == NULL) {
            Py_DECREF(ctx);
            return NULL;
        }
        node = PyDict_GetItemWithError(self->cache, backend);
        Py_DECREF(backend);
        if (node == NULL) {
            Py_DECREF(ctx);
            if (PyErr_Occurred())
                return NULL;
            goto slow;
        }
        Py_INCREF(node); /* the trie holds it, but the call may release the GIL or clear the trie */
        full[n] = ctx;
        result = PyObject_Vectorcall(node, full, (n + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
        Py_DECREF(node);
        Py_DECREF(ctx);
        return result;
    }
    if (ctx != NULL) {
        int ok = ctx == self->agreed && self->n_dispatch <= 2 &&
                 (PyObject *)Py_TYPE(full[0]) == self->agreed_types[0] &&
                 (self->n_dispatch < 2 || (PyObject *)Py_TYPE(full[1]) == self->agreed_types[1]);
        if (!ok) {
            ok = ctx_agrees(self, ctx, full);
            if (ok < 0)
                return NULL;
            if (!ok)
                goto slow;
            if (self->n_dispatch >= 1 && self->n_dispatch <= 2) { /* remember it: the next call is likely alike */
                Py_XSETREF(self->agreed, Py_NewRef(ctx));
                Py_XSETREF(self->agreed_types[0], Py_NewRef((PyObject *)Py_TYPE(full[0])));
                Py_XSETREF(self->agreed_types[1], self->n_dispatch == 2 ? Py_NewRef((PyObject *)Py_TYPE(full[1])) : NULL);
            }
        }
    }
    /* Each node is held by a strong reference while the next is looked up: the lookup can run Python code (a
     * metaclass's __eq__ or __hash__) that clears the trie, which would free a borrowed node under our feet. */
    node = self->cache;
    Py_INCREF(node);
    for (i = 0; i < self->n_dispatch; i++) {
        PyObject *next;
        if (!PyDict_CheckExact(node)) {
            Py_DECREF(node);
            goto slow;
        }
        next = PyDict_GetItemWithError(node, (PyObject *)Py_TYPE(full[i]));
        Py_XINCREF(next);
        Py_DECREF(node);
        if (next == NULL) {
            if (PyErr_Occurred())
                return NULL;
            goto slow;
        }
        node = next;
    }
    if (Py_IS_TYPE(node, &PyMethod_Type)) { /* an implementation bound to its library: called without the method */
        full[-1] = PyMethod_GET_SELF(node);
        result = PyObject_Vectorcall(PyMethod_GET_FUNCTION(node), full - 1, n + 1, NULL);
    }
    else
        result = PyObject_Vectorcall(node, full, n | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_DECREF(node);
    return result;
slow:
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
}

static PyObject *
fastop_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"fallback", "cache", "n_dispatch", "n_required", "n_positional", "tail",
                             "context", "names", "n_posonly", "bound", NULL};
    PyObject *fallback, *cache, *tail, *context = Py_None, *names = NULL, *bound = Py_None;
    Py_ssize_t n_dispatch, n_required, n_positional, n_posonly = -1, i = 0;
    FastOp *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO!nnnO!|OO!nO", kwlist, &fallback, &PyDict_Type, &cache,
                                     &n_dispatch, &n_required, &n_positional, &PyTuple_Type, &tail, &context,
                                     &PyTuple_Type, &names, &n_posonly, &bound))
        return NULL;
    if (n_posonly < 0) /* no names: keyword arguments all go to the fallback */
        n_posonly = n_required + PyTuple_GET_SIZE(tail);
    if (names != NULL)
        for (i = 0; i < PyTuple_GET_SIZE(names); i++)
            if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(names, i)))
                break;
    if (!PyCallable_Check(fallback) || n_dispatch < 0 || n_required < n_dispatch || n_positional < n_required ||
        n_required + PyTuple_GET_SIZE(tail) + 1 > MAX_ARGS ||
        n_positional > n_required + PyTuple_GET_SIZE(tail) ||
        (names != NULL && (PyTuple_GET_SIZE(names) != n_required + PyTuple_GET_SIZE(tail) ||
                           i < PyTuple_GET_SIZE(names))) ||
        n_posonly > n_required + PyTuple_GET_SIZE(tail) ||
        (context != Py_None && (!PyContextVar_CheckExact(context) || n_dispatch != 0))) {
        PyErr_SetString(PyExc_ValueError, "FastOp: inconsistent arguments");
        return NULL;
    }
    self = (FastOp *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = (vectorcallfunc)fastop_vectorcall;
    self->fallback = Py_NewRef(fallback);
    self->cache = Py_NewRef(cache);
    self->tail = Py_NewRef(tail);
    self->names = names == NULL ? PyTuple_New(0) : Py_NewRef(names);
    self->context = context == Py_None ? NULL : Py_NewRef(context);
    self->bound = bound == Py_None ? NULL : Py_NewRef(bound);
    self->n_dispatch = n_dispatch;
    self->n_required = n_required;
    self->n_positional = n_positional;
    self->n_posonly = n_posonly;
    if (self->names == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int
fastop_traverse(FastOp *self, visitproc visit, void *arg)
{
    Py_VISIT(self->fallback);
    Py_VISIT(self->cache);
    Py_VISIT(self->names);
    Py_VISIT(self->tail);
    Py_VISIT(self->context);
    Py_VISIT(self->bound);
    Py_VISIT(self->agreed);
    Py_VISIT(self->agreed_types[0]);
    Py_VISIT(self->agreed_types[1]);
    Py_VISIT(self->dict);
    return 0;
}

static int
fastop_clear(FastOp *self)
{
    Py_CLEAR(self->fallback);
    Py_CLEAR(self->cache);
    Py_CLEAR(self->names);
    Py_CLEAR(self->tail);
    Py_CLEAR(self->context);
    Py_CLEAR(self->bound);
    Py_CLEAR(self->agreed);
    Py_CLEAR(self->agreed_types[0]);
    Py_CLEAR(self->agreed_types[1]);
    Py_CLEAR(self->dict);
    return 0;
}

static void
fastop_dealloc(FastOp *self)
{
    PyObject_GC_UnTrack(self);
    fastop_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
fastop_repr(FastOp *self)
{
    return PyObject_Repr(self->fallback);
}

/* Like a staticmethod: a FastOp stored on a class is not bound (and inspect.isroutine holds, so
 * help() documents it as a function, with the signature of __wrapped__). */
static PyObject *
fastop_get(PyObject *self, PyObject *Py_UNUSED(obj), PyObject *Py_UNUSED(type))
{
    return Py_NewRef(self);
}

/* Pickled by reference, as functions are: the name under __module__. */
static PyObject *
fastop_reduce(FastOp *self, PyObject *Py_UNUSED(ignored))
{
    return PyObject_GetAttrString((PyObject *)self, "__qualname__");
}

static PyMethodDef fastop_methods[] = {
    {"__reduce__", (PyCFunction)fastop_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef fastop_members[] = {
    {"__fallback__", T_OBJECT, offsetof(FastOp, fallback), READONLY, "the generated Python function"},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef fastop_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject FastOpType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "numerics_fn._fastcall.FastOp",
    .tp_doc = "An op's dispatch fast path; every other call goes to its generated Python function.",
    .tp_basicsize = sizeof(FastOp),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = fastop_new,
    .tp_dealloc = (destructor)fastop_dealloc,
    .tp_traverse = (traverseproc)fastop_traverse,
    .tp_clear = (inquiry)fastop_clear,
    .tp_repr = (reprfunc)fastop_repr,
    .tp_descr_get = fastop_get,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(FastOp, vectorcall),
    .tp_dictoffset = offsetof(FastOp, dict),
    .tp_methods = fastop_methods,
    .tp_members = fastop_members,
    .tp_getset = fastop_getset,
};

/* --- MixedPair ------------------------------------------------------------------------------
 * A binary op's mixed call, a NumPy array beside a tensor (either order), in C when it needs no
 * conversion but sharing the array's memory: both of the exact types, the array's dtype mapped to the
 * tensor's, the tensor on the CPU and not requiring grad, the array writeable. Then fn(share(array), tensor)
 * (in the call's order); any other call, or a share that fails (negative strides), goes to the Python path.
 *
 * The checks are most of what the call costs over its direct form, so the array's dtype and flags are
 * read with NumPy's C API and the tensor's dtype and device through the getters of its type, found
 * once. */
typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *fn;        /* the library's binary function, for operands of one dtype */
    PyObject *fallback;  /* the Python mixed-call path (conversion, promotion, then the implementation) */
    PyObject *tensor_type;
    PyObject *dtypes;    /* tuple of (array dtype, tensor dtype) pairs, compared by identity (NumPy's builtin
                          * dtypes are singletons; hashing one costs more than the rest of the call) */
    PyObject *share;     /* array -> tensor sharing its memory (torch.from_numpy) */
    PyObject *dict;
    PyGetSetDef *tensor_dtype, *tensor_is_cpu, *tensor_requires_grad; /* tensor_type's getters of these */
} MixedPair;

/* 1: the pair can share memory as it is; 0: not (the Python path decides); -1: an error */
static int
shareable(MixedPair *self, PyArrayObject *array, PyObject *tensor)
{
    PyObject *dtype = (PyObject *)PyArray_DESCR(array), *wanted = NULL, *value;
    Py_ssize_t i;
    int ok;

    if (!PyArray_ISWRITEABLE(array))
        return 0;
    for (i = 0; i < PyTuple_GET_SIZE(self->dtypes); i++) {
        PyObject *pair = PyTuple_GET_ITEM(self->dtypes, i);
        if (PyTuple_GET_ITEM(pair, 0) == dtype) {
            wanted = PyTuple_GET_ITEM(pair, 1);
            break;
        }
    }
    if (wanted == NULL)
        return 0;
    value = self->tensor_dtype->get(tensor, self->tensor_dtype->closure);
    if (value == NULL)
        return -1;
    ok = value == wanted;
    Py_DECREF(value);
    if (!ok)
        return 0;
    value = self->tensor_is_cpu->get(tensor, self->tensor_is_cpu->closure);
    if (value == NULL)
        return -1;
    ok = value == Py_True;
    Py_DECREF(value);
    if (!ok)
        return 0;
    /* A tensor that requires grad: autograd may save the shared operand for backward, where a later write to the
     * array would change the gradient silently; the Python path copies it then. */
    value = self->tensor_requires_grad->get(tensor, self->tensor_requires_grad->closure);
    if (value == NULL)
        return -1;
    ok = value == Py_False;
    Py_DECREF(value);
    return ok;
}

static PyObject *
mixedpair_vectorcall(MixedPair *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *array, *tensor, *shared, *operands[2], *result;
    int first_is_array, ok;

    if (kwnames != NULL || nargs != 2)
        goto slow;
    if (PyArray_CheckExact(args[0]) && (PyObject *)Py_TYPE(args[1]) == self->tensor_type)
        first_is_array = 1;
    else if (PyArray_CheckExact(args[1]) && (PyObject *)Py_TYPE(args[0]) == self->tensor_type)
        first_is_array = 0;
    else
        goto slow;
    array = args[first_is_array ? 0 : 1];
    tensor = args[first_is_array ? 1 : 0];
    ok = shareable(self, (PyArrayObject *)array, tensor);
    if (ok < 0)
        return NULL;
    if (!ok)
        goto slow;
    shared = PyObject_CallOneArg(self->share, array);
    if (shared == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError))
            return NULL;
        PyErr_Clear(); /* negative strides: the Python path copies */
        goto slow;
    }
    operands[0] = first_is_array ? shared : tensor;
    operands[1] = first_is_array ? tensor : shared;
    result = PyObject_Vectorcall(self->fn, operands, 2, NULL);
    Py_DECREF(shared);
    return result;
slow:
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
}

/* The getter behind attribute `name` of `type` (a C getset descriptor), or NULL with TypeError. */
static PyGetSetDef *
getter_of(PyObject *type, const char *name)
{
    PyObject *descr = PyObject_GetAttrString(type, name);
    PyGetSetDef *getset = NULL;

    if (descr == NULL)
        return NULL;
    if (Py_IS_TYPE(descr, &PyGetSetDescr_Type) &&
        PyType_IsSubtype((PyTypeObject *)type, PyDescr_TYPE(descr)) &&
        ((PyGetSetDescrObject *)descr)->d_getset->get != NULL)
        getset = ((PyGetSetDescrObject *)descr)->d_getset;
    else
        PyErr_Format(PyExc_TypeError, "%R.%s is not a C getter", type, name);
    Py_DECREF(descr); /* the type holds the descriptor (and its getset) */
    return getset;
}

static PyObject *
mixedpair_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"fn", "fallback", "tensor_type", "dtypes", "share", NULL};
    PyObject *fn, *fallback, *tensor_type, *dtypes, *share;
    PyGetSetDef *tensor_dtype, *tensor_is_cpu, *tensor_requires_grad;
    MixedPair *self;

    Py_ssize_t i;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOO!O!O", names, &fn, &fallback, &PyType_Type, &tensor_type,
                                     &PyTuple_Type, &dtypes, &share))
        return NULL;
    for (i = 0; i < PyTuple_GET_SIZE(dtypes); i++)
        if (!PyTuple_Check(PyTuple_GET_ITEM(dtypes, i)) || PyTuple_GET_SIZE(PyTuple_GET_ITEM(dtypes, i)) != 2)
            break;
    if (!PyCallable_Check(fn) || !PyCallable_Check(fallback) || !PyCallable_Check(share) ||
        i < PyTuple_GET_SIZE(dtypes)) {
        PyErr_SetString(PyExc_TypeError,
                        "MixedPair(fn, fallback, tensor_type, dtypes: tuple of (array dtype, tensor dtype), share)");
        return NULL;
    }
    tensor_dtype = getter_of(tensor_type, "dtype");
    tensor_is_cpu = tensor_dtype == NULL ? NULL : getter_of(tensor_type, "is_cpu");
    tensor_requires_grad = tensor_is_cpu == NULL ? NULL : getter_of(tensor_type, "requires_grad");
    if (tensor_requires_grad == NULL)
        return NULL;
    self = (MixedPair *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = (vectorcallfunc)mixedpair_vectorcall;
    self->fn = Py_NewRef(fn);
    self->fallback = Py_NewRef(fallback);
    self->tensor_type = Py_NewRef(tensor_type);
    self->tensor_dtype = tensor_dtype;
    self->tensor_is_cpu = tensor_is_cpu;
    self->tensor_requires_grad = tensor_requires_grad;
    self->dtypes = Py_NewRef(dtypes);
    self->share = Py_NewRef(share);
    return (PyObject *)self;
}

static int
mixedpair_traverse(MixedPair *self, visitproc visit, void *arg)
{
    Py_VISIT(self->fn);
    Py_VISIT(self->fallback);
    Py_VISIT(self->tensor_type);
    Py_VISIT(self->dtypes);
    Py_VISIT(self->share);
    Py_VISIT(self->dict);
    return 0;
}

static int
mixedpair_clear(MixedPair *self)
{
    Py_CLEAR(self->fn);
    Py_CLEAR(self->fallback);
    Py_CLEAR(self->tensor_type);
    Py_CLEAR(self->dtypes);
    Py_CLEAR(self->share);
    Py_CLEAR(self->dict);
    return 0;
}

static void
mixedpair_dealloc(MixedPair *self)
{
    PyObject_GC_UnTrack(self);
    mixedpair_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
mixedpair_repr(MixedPair *self)
{
    return PyUnicode_FromFormat("<mixed pair %R, else %R>", self->fn, self->fallback);
}

static PyMemberDef mixedpair_members[] = {
    {"__fallback__", T_OBJECT, offsetof(MixedPair, fallback), READONLY, "the Python mixed-call path"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject MixedPairType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "numerics_fn._fastcall.MixedPair",
    .tp_doc = "MixedPair(fn, fallback, tensor_type, dtypes, share): a NumPy array beside a tensor, in C.",
    .tp_basicsize = sizeof(MixedPair),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = mixedpair_new,
    .tp_dealloc = (destructor)mixedpair_dealloc,
    .tp_traverse = (traverseproc)mixedpair_traverse,
    .tp_clear = (inquiry)mixedpair_clear,
    .tp_repr = (reprfunc)mixedpair_repr,
    .tp_descr_get = fastop_get,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(MixedPair, vectorcall),
    .tp_dictoffset = offsetof(MixedPair, dict),
    .tp_members = mixedpair_members,
    .tp_getset = fastop_getset,
};

/* --- Shortcut ------------------------------------------------------------------------------ */
typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *fn;       /* the library function for the common case */
    PyObject *fallback; /* the Python implementation */
    PyObject *dtypes;   /* a frozenset the first argument's dtype must be in, or NULL */
    PyObject *members;  /* dtypes' members as a tuple, matched by identity before the set is asked */
    PyObject *last;     /* the dtype last found in dtypes (or NULL): matched by identity before the members */
    PyObject *defaults; /* the trailing arguments of the common case */
    PyObject *retry;    /* the exception (or a tuple of them) of fn that hands the call to the implementation */
    PyObject *options_fn; /* the second common case (or NULL): options_fn(*leading, *the trailing arguments ... */
    PyObject *options;  /* ... that `options` gives a tuple of exact types for (None: must be the default) */
    PyGetSetDef *ndim_getter; /* the second case needs ndim >= 1, read by this getter of array_type (or NULL) */
    PyObject *array_type;       /* arguments of this exact type have their dtype read by ... */
    PyGetSetDef *dtype_getter;  /* ... its getter, called directly (NULL: attribute reads) */
    PyObject *dict;
    Py_ssize_t n_leading; /* the arguments passed on to fn */
    int same_dtype;       /* the leading arguments must share one dtype (the same object) */
} Shortcut;

static PyObject *
dtype_of(Shortcut *self, PyObject *arg)
{
    if (self->dtype_getter != NULL && (PyObject *)Py_TYPE(arg) == self->array_type)
        return self->dtype_getter->get(arg, self->dtype_getter->closure);
    return PyObject_GetAttr(arg, dtype_name);
}

/* 1: the leading arguments' dtypes are those of the common case; 0: not; -1: an error */
static int
common_dtypes(Shortcut *self, PyObject *const *args)
{
    PyObject *first = dtype_of(self, args[0]), *other;
    Py_ssize_t i;
    int ok = 1;

    if (first == NULL)
        return -1;
    if (self->dtypes != NULL && first != self->last) {
        ok = set_has(self->members, self->dtypes, first);
        if (ok == 1) /* a call's dtype is most often the previous call's */
            Py_XSETREF(self->last, Py_NewRef(first));
    }
    for (i = 1; ok == 1 && self->same_dtype && i < self->n_leading; i++) {
        other = dtype_of(self, args[i]);
        if (other == NULL)
            ok = -1;
        else {
            ok = other == first;
            Py_DECREF(other);
        }
    }
    Py_DECREF(first);
    return ok;
}

static PyObject *
shortcut_vectorcall(Shortcut *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), n_defaults = PyTuple_GET_SIZE(self->defaults), i;
    PyObject *result;

    PyObject *fn = self->fn, *passed[MAX_ARGS], *const *call_args = args;
    Py_ssize_t n_passed = self->n_leading;

    if (kwnames != NULL || nargs != self->n_leading + n_defaults)
        goto slow;
    for (i = 0; i < n_defaults; i++)
        if (args[self->n_leading + i] != PyTuple_GET_ITEM(self->defaults, i))
            break;
    if (i < n_defaults) { /* not the first case: the second, where the options given are of the types it takes */
        if (self->options_fn == NULL || nargs > MAX_ARGS)
            goto slow;
        for (i = 0; i < self->n_leading; i++)
            passed[i] = args[i];
        for (i = 0; i < n_defaults; i++) {
            PyObject *arg = args[self->n_leading + i], *types = PyTuple_GET_ITEM(self->options, i);
            Py_ssize_t k;
            if (types == Py_None) {
                if (arg != PyTuple_GET_ITEM(self->defaults, i))
                    goto slow;
                continue;
            }
            for (k = 0; k < PyTuple_GET_SIZE(types); k++)
                if ((PyObject *)Py_TYPE(arg) == PyTuple_GET_ITEM(types, k))
                    break;
            if (k == PyTuple_GET_SIZE(types))
                goto slow;
            passed[n_passed++] = arg;
        }
        if (self->ndim_getter != NULL) {
            PyObject *ndim;
            int some;
            if ((PyObject *)Py_TYPE(args[0]) != self->array_type)
                goto slow;
            ndim = self->ndim_getter->get(args[0], self->ndim_getter->closure);
            if (ndim == NULL)
                return NULL;
            some = PyObject_IsTrue(ndim);
            Py_DECREF(ndim);
            if (some < 0)
                return NULL;
            if (!some)
                goto slow;
        }
        fn = self->options_fn;
        call_args = passed;
    }
    if (self->dtypes != NULL || self->same_dtype) {
        int ok = common_dtypes(self, args);
        if (ok < 0)
            return NULL;
        if (!ok)
            goto slow;
    }
    result = PyObject_Vectorcall(fn, call_args, n_passed, NULL);
    if (result != NULL || !PyErr_ExceptionMatches(self->retry))
        return result;
    PyErr_Clear(); /* arguments fn does not take as they are (an int shape, two dtypes): the implementation decides */
slow:
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
}

static PyObject *
shortcut_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"fn", "fallback", "dtypes", "defaults", "n_leading", "retry", "same_dtype", "array_type",
                            "options_fn", "options", "needs_ndim", NULL};
    PyObject *fn, *fallback, *dtypes = Py_None, *defaults = NULL, *retry = PyExc_TypeError, *array_type = Py_None;
    PyObject *options_fn = Py_None, *options = Py_None;
    Py_ssize_t n_leading = 1, i, k;
    int same_dtype = 0, needs_ndim = 0, ok;
    PyGetSetDef *dtype_getter = NULL, *ndim_getter = NULL;
    Shortcut *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|OO!nOpOOOp", names, &fn, &fallback, &dtypes, &PyTuple_Type,
                                     &defaults, &n_leading, &retry, &same_dtype, &array_type, &options_fn, &options,
                                     &needs_ndim))
        return NULL;
    ok = PyCallable_Check(fn) && PyCallable_Check(fallback) && (dtypes == Py_None || PyFrozenSet_Check(dtypes)) &&
         n_leading >= 1 && (array_type == Py_None || PyType_Check(array_type)) &&
         (PyExceptionClass_Check(retry) || PyTuple_Check(retry)) &&
         (options_fn == Py_None) == (options == Py_None) && (!needs_ndim || (options_fn != Py_None && array_type != Py_None));
    for (i = 0; ok && PyTuple_Check(retry) && i < PyTuple_GET_SIZE(retry); i++)
        ok = PyExceptionClass_Check(PyTuple_GET_ITEM(retry, i));
    if (ok && options != Py_None) /* a tuple of (a tuple of types, or None) per default, the defaults given */
        ok = PyCallable_Check(options_fn) && PyTuple_Check(options) && defaults != NULL &&
             PyTuple_GET_SIZE(options) == PyTuple_GET_SIZE(defaults) && n_leading + PyTuple_GET_SIZE(options) <= MAX_ARGS;
    for (i = 0; ok && options != Py_None && i < PyTuple_GET_SIZE(options); i++) {
        PyObject *types = PyTuple_GET_ITEM(options, i);
        ok = types == Py_None || PyTuple_Check(types);
        for (k = 0; ok && types != Py_None && k < PyTuple_GET_SIZE(types); k++)
            ok = PyType_Check(PyTuple_GET_ITEM(types, k));
    }
    if (!ok) {
        PyErr_SetString(PyExc_TypeError, "Shortcut(fn, fallback, dtypes: frozenset | None, defaults: tuple, "
                                         "n_leading: int >= 1, retry: an exception class or a tuple of them, "
                                         "same_dtype: bool, array_type: type | None, options_fn: callable | None, "
                                         "options: a tuple (of tuples of types or None) as long as defaults | None, "
                                         "needs_ndim: bool (with options_fn and array_type))");
        return NULL;
    }
    if (array_type != Py_None) {
        dtype_getter = getter_of(array_type, "dtype");
        if (dtype_getter == NULL)
            return NULL;
    }
    if (needs_ndim) {
        ndim_getter = getter_of(array_type, "ndim");
        if (ndim_getter == NULL)
            return NULL;
    }
    self = (Shortcut *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = (vectorcallfunc)shortcut_vectorcall;
    self->n_leading = n_leading;
    self->retry = Py_NewRef(retry);
    self->fn = Py_NewRef(fn);
    self->fallback = Py_NewRef(fallback);
    self->dtypes = dtypes == Py_None ? NULL : Py_NewRef(dtypes);
    self->members = dtypes == Py_None ? NULL : PySequence_Tuple(dtypes);
    self->same_dtype = same_dtype;
    self->array_type = Py_NewRef(array_type);
    self->dtype_getter = dtype_getter;
    self->options_fn = options_fn == Py_None ? NULL : Py_NewRef(options_fn);
    self->options = options == Py_None ? NULL : Py_NewRef(options);
    self->ndim_getter = ndim_getter;
    self->defaults = defaults == NULL ? PyTuple_New(0) : Py_NewRef(defaults);
    if (self->defaults == NULL || (self->dtypes != NULL && self->members == NULL)) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int
shortcut_traverse(Shortcut *self, visitproc visit, void *arg)
{
    Py_VISIT(self->fn);
    Py_VISIT(self->fallback);
    Py_VISIT(self->dtypes);
    Py_VISIT(self->members);
    Py_VISIT(self->last);
    Py_VISIT(self->defaults);
    Py_VISIT(self->retry);
    Py_VISIT(self->options_fn);
    Py_VISIT(self->options);
    Py_VISIT(self->array_type);
    Py_VISIT(self->dict);
    return 0;
}

static int
shortcut_clear(Shortcut *self)
{
    Py_CLEAR(self->fn);
    Py_CLEAR(self->fallback);
    Py_CLEAR(self->dtypes);
    Py_CLEAR(self->members);
    Py_CLEAR(self->last);
    Py_CLEAR(self->defaults);
    Py_CLEAR(self->retry);
    Py_CLEAR(self->options_fn);
    Py_CLEAR(self->options);
    Py_CLEAR(self->array_type);
    Py_CLEAR(self->dict);
    return 0;
}

static void
shortcut_dealloc(Shortcut *self)
{
    PyObject_GC_UnTrack(self);
    shortcut_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
shortcut_repr(Shortcut *self)
{
    return PyUnicode_FromFormat("<shortcut %R, else %R>", self->fn, self->fallback);
}

static PyMemberDef shortcut_members[] = {
    {"__fallback__", T_OBJECT, offsetof(Shortcut, fallback), READONLY, "the Python implementation"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject ShortcutType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "numerics_fn._fastcall.Shortcut",
    .tp_doc = "Shortcut(fn, fallback, dtypes=None, defaults=(), n_leading=1, retry=TypeError, same_dtype=False, "
              "array_type=None, options_fn=None, options=None, needs_ndim=False): an implementation's common cases in C.",
    .tp_basicsize = sizeof(Shortcut),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = shortcut_new,
    .tp_dealloc = (destructor)shortcut_dealloc,
    .tp_traverse = (traverseproc)shortcut_traverse,
    .tp_clear = (inquiry)shortcut_clear,
    .tp_repr = (reprfunc)shortcut_repr,
    .tp_descr_get = fastop_get,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Shortcut, vectorcall),
    .tp_dictoffset = offsetof(Shortcut, dict),
    .tp_members = shortcut_members,
    .tp_getset = fastop_getset,
};

/* --- Creation ------------------------------------------------------------------------------
 * A creation implementation ``impl(*leading, *fixed, dtype, [device,] ctx)`` whose common case is the library's
 * ``fn(*leading, dtype=dt)``: no device given or in the Context (or one of a set: the library's own), and a dtype found in a dict (a token by its name, else the
 * spelling given) or, for dtype None, the dtype of the Context's precision; the arguments after the leading ones
 * must be those of ``fixed`` (identity: eye's m=None, k=0). With first_types, only calls
 * whose first argument is of one of those types (and gives a dtype). Any other call, and a call where fn
 * raises TypeError (an argument's type: impl words the error), goes to impl. Calling Python from C costs
 * more than the checks, so the NumPy backend's zeros/ones/eye/array answer their common case here. */
typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *fn;          /* the library's function */
    PyObject *fallback;    /* the Python implementation */
    PyObject *natives;     /* dtype spelling (a token's name) -> the library's dtype; filled by the implementation */
    PyObject *precisions;  /* Context precision name -> the library's dtype */
    PyObject *token_type;  /* nf.DType: its instances are looked up by their name */
    PyObject *first_types; /* a frozenset, or NULL */
    PyObject *first_members; /* its members as a tuple */
    PyObject *devices;     /* a frozenset of the devices that need nothing done (the library's own), or NULL */
    PyObject *fixed;       /* a tuple: the arguments between leading and dtype must be these (identity); not passed */
    PyObject *omit;        /* the library's default dtype, not passed (a keyword costs the library a parse), or NULL */
    PyObject *dict;
    Py_ssize_t n_leading;  /* the arguments before dtype, passed on to fn */
    Py_ssize_t name_offset; /* where token_type's instances hold their name (-1: read as an attribute) */
    int has_device;        /* a device argument follows dtype (None: the common case) */
} Creation;

static PyObject *precision_name, *name_name, *dtype_kwnames;

static PyObject *
creation_vectorcall(Creation *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), n_fixed = PyTuple_GET_SIZE(self->fixed), at, i;
    PyObject *dtype, *dt, *key, *stack[MAX_ARGS], *result;

    if (kwnames != NULL || nargs != self->n_leading + n_fixed + 2 + self->has_device || self->n_leading + 1 > MAX_ARGS)
        goto slow;
    for (i = 0; i < n_fixed; i++)
        if (args[self->n_leading + i] != PyTuple_GET_ITEM(self->fixed, i))
            goto slow;
    at = self->n_leading + n_fixed; /* where dtype is */
    if (self->has_device && args[at + 1] != Py_None) {
        int free = self->devices == NULL ? 0 : PySet_Contains(self->devices, args[at + 1]);
        if (free < 0)
            PyErr_Clear(); /* an unhashable device: the implementation decides */
        if (free != 1)
            goto slow;
    }
    { /* the Context's device too: None, or one of the library's own */
        PyObject *device = CONTEXT_ATTR(args[nargs - 1], CTX_DEVICE, device_name);
        int free = 1;
        if (device == NULL)
            return NULL;
        if (device != Py_None) {
            free = self->devices == NULL ? 0 : PySet_Contains(self->devices, device);
            if (free < 0)
                PyErr_Clear();
        }
        Py_DECREF(device);
        if (free != 1)
            goto slow;
    }
    if (self->first_types != NULL) {
        int found = set_has(self->first_members, self->first_types, (PyObject *)Py_TYPE(args[0]));
        if (found < 0)
            return NULL;
        if (!found)
            goto slow;
    }
    dtype = args[at];
    if (dtype == Py_None) {
        if (self->first_types != NULL)
            goto slow; /* data without a dtype: the implementation's rules of neutral data */
        key = CONTEXT_ATTR(args[nargs - 1], CTX_PRECISION, precision_name);
        if (key == NULL)
            return NULL;
        dt = PyDict_GetItemWithError(self->precisions, key);
    }
    else {
        key = (PyObject *)Py_TYPE(dtype) == self->token_type ? read_slot(dtype, self->token_type, self->name_offset, name_name)
                                                              : Py_NewRef(dtype);
        if (key == NULL)
            return NULL;
        dt = PyDict_GetItemWithError(self->natives, key);
    }
    Py_XINCREF(dt);
    Py_DECREF(key);
    if (dt == NULL) {
        if (PyErr_Occurred()) {
            if (!PyErr_ExceptionMatches(PyExc_TypeError))
                return NULL;
            PyErr_Clear(); /* an unhashable spelling: the implementation decides */
        }
        goto slow;
    }
    for (i = 0; i < self->n_leading; i++)
        stack[i] = args[i];
    stack[i] = dt;
    result = PyObject_Vectorcall(self->fn, stack, self->n_leading, dt == self->omit ? NULL : dtype_kwnames);
    Py_DECREF(dt);
    if (result != NULL || !PyErr_ExceptionMatches(PyExc_TypeError))
        return result;
    PyErr_Clear(); /* an argument fn does not take: the implementation words the error */
slow:
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
}

static PyObject *
creation_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"fn", "fallback", "natives", "precisions", "token_type", "n_leading", "has_device",
                            "first_types", "devices", "fixed", "omit", NULL};
    PyObject *fn, *fallback, *natives, *precisions, *token_type, *first_types = Py_None, *devices = Py_None;
    PyObject *fixed = NULL, *omit = NULL;
    Py_ssize_t n_leading;
    int has_device;
    Creation *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOO!O!O!np|OOO!O", names, &fn, &fallback, &PyDict_Type,
                                     &natives, &PyDict_Type, &precisions, &PyType_Type, &token_type, &n_leading,
                                     &has_device, &first_types, &devices, &PyTuple_Type, &fixed, &omit))
        return NULL;
    if (!PyCallable_Check(fn) || !PyCallable_Check(fallback) || n_leading < 1 || n_leading + 1 > MAX_ARGS ||
        (first_types != Py_None && !PyFrozenSet_Check(first_types)) ||
        (devices != Py_None && !PyFrozenSet_Check(devices))) {
        PyErr_SetString(PyExc_TypeError, "Creation(fn, fallback, natives: dict, precisions: dict, token_type, "
                                         "n_leading: int >= 1, has_device: bool, first_types: frozenset | None, "
                                         "devices: frozenset | None)");
        return NULL;
    }
    self = (Creation *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = (vectorcallfunc)creation_vectorcall;
    self->fn = Py_NewRef(fn);
    self->fallback = Py_NewRef(fallback);
    self->natives = Py_NewRef(natives);
    self->precisions = Py_NewRef(precisions);
    self->token_type = Py_NewRef(token_type);
    self->first_types = first_types == Py_None ? NULL : Py_NewRef(first_types);
    self->first_members = first_types == Py_None ? NULL : PySequence_Tuple(first_types);
    self->devices = devices == Py_None ? NULL : Py_NewRef(devices);
    self->fixed = fixed == NULL ? PyTuple_New(0) : Py_NewRef(fixed);
    self->omit = omit == NULL || omit == Py_None ? NULL : Py_NewRef(omit);
    if (self->fixed == NULL || (self->first_types != NULL && self->first_members == NULL)) {
        Py_DECREF(self);
        return NULL;
    }
    self->n_leading = n_leading;
    self->name_offset = slot_offset(token_type, "name");
    self->has_device = has_device;
    return (PyObject *)self;
}

static int
creation_traverse(Creation *self, visitproc visit, void *arg)
{
    Py_VISIT(self->fn);
    Py_VISIT(self->fallback);
    Py_VISIT(self->natives);
    Py_VISIT(self->precisions);
    Py_VISIT(self->token_type);
    Py_VISIT(self->first_types);
    Py_VISIT(self->first_members);
    Py_VISIT(self->devices);
    Py_VISIT(self->fixed);
    Py_VISIT(self->omit);
    Py_VISIT(self->dict);
    return 0;
}

static int
creation_clear(Creation *self)
{
    Py_CLEAR(self->fn);
    Py_CLEAR(self->fallback);
    Py_CLEAR(self->natives);
    Py_CLEAR(self->precisions);
    Py_CLEAR(self->token_type);
    Py_CLEAR(self->first_types);
    Py_CLEAR(self->first_members);
    Py_CLEAR(self->devices);
    Py_CLEAR(self->fixed);
    Py_CLEAR(self->omit);
    Py_CLEAR(self->dict);
    return 0;
}

static void
creation_dealloc(Creation *self)
{
    PyObject_GC_UnTrack(self);
    creation_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
creation_repr(Creation *self)
{
    return PyUnicode_FromFormat("<creation %R, else %R>", self->fn, self->fallback);
}

static PyMemberDef creation_members[] = {
    {"__fallback__", T_OBJECT, offsetof(Creation, fallback), READONLY, "the Python implementation"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject CreationType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "numerics_fn._fastcall.Creation",
    .tp_doc = "Creation(fn, fallback, natives, precisions, token_type, n_leading, has_device, first_types=None): "
              "a creation implementation's common case in C.",
    .tp_basicsize = sizeof(Creation),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = creation_new,
    .tp_dealloc = (destructor)creation_dealloc,
    .tp_traverse = (traverseproc)creation_traverse,
    .tp_clear = (inquiry)creation_clear,
    .tp_repr = (reprfunc)creation_repr,
    .tp_descr_get = fastop_get,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Creation, vectorcall),
    .tp_dictoffset = offsetof(Creation, dict),
    .tp_members = creation_members,
    .tp_getset = fastop_getset,
};

/* --- Prepared ------------------------------------------------------------------------------
 * ``impl(*args)`` whose first argument goes through ``convert`` first unless its type is in a set (the
 * common case: arrays and Python values pass as they are). The creation functions' reading of host
 * array-likes (numerics_fn._inputs) costs the common case a Python frame otherwise. */
typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *impl;
    PyObject *plain;   /* a frozenset of the types passed as they are */
    PyObject *plain_members; /* its members as a tuple */
    PyObject *convert; /* the first argument of any other type -> what impl takes */
    PyObject *dict;
} Prepared;

static PyObject *
prepared_vectorcall(Prepared *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), n, i;
    PyObject *stack[MAX_ARGS], *converted, *result;
    int plain;

    if (nargs < 1)
        return PyObject_Vectorcall(self->impl, args, nargsf, kwnames);
    plain = set_has(self->plain_members, self->plain, (PyObject *)Py_TYPE(args[0]));
    if (plain < 0)
        return NULL;
    if (plain)
        return PyObject_Vectorcall(self->impl, args, nargsf, kwnames);
    n = nargs + (kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames));
    if (n > MAX_ARGS) {
        PyErr_SetString(PyExc_TypeError, "Prepared: too many arguments");
        return NULL;
    }
    converted = PyObject_CallOneArg(self->convert, args[0]);
    if (converted == NULL)
        return NULL;
    stack[0] = converted;
    for (i = 1; i < n; i++)
        stack[i] = args[i];
    result = PyObject_Vectorcall(self->impl, stack, nargs, kwnames);
    Py_DECREF(converted);
    return result;
}

static PyObject *
prepared_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"impl", "plain", "convert", NULL};
    PyObject *impl, *plain, *convert;
    Prepared *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO!O", names, &impl, &PyFrozenSet_Type, &plain, &convert))
        return NULL;
    if (!PyCallable_Check(impl) || !PyCallable_Check(convert)) {
        PyErr_SetString(PyExc_TypeError, "Prepared(impl, plain: frozenset, convert)");
        return NULL;
    }
    self = (Prepared *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = (vectorcallfunc)prepared_vectorcall;
    self->impl = Py_NewRef(impl);
    self->plain = Py_NewRef(plain);
    self->plain_members = PySequence_Tuple(plain);
    self->convert = Py_NewRef(convert);
    if (self->plain_members == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int
prepared_traverse(Prepared *self, visitproc visit, void *arg)
{
    Py_VISIT(self->impl);
    Py_VISIT(self->plain);
    Py_VISIT(self->plain_members);
    Py_VISIT(self->convert);
    Py_VISIT(self->dict);
    return 0;
}

static int
prepared_clear(Prepared *self)
{
    Py_CLEAR(self->impl);
    Py_CLEAR(self->plain);
    Py_CLEAR(self->plain_members);
    Py_CLEAR(self->convert);
    Py_CLEAR(self->dict);
    return 0;
}

static void
prepared_dealloc(Prepared *self)
{
    PyObject_GC_UnTrack(self);
    prepared_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
prepared_repr(Prepared *self)
{
    return PyUnicode_FromFormat("<prepared %R, first argument through %R>", self->impl, self->convert);
}

static PyMemberDef prepared_members[] = {
    {"__fallback__", T_OBJECT, offsetof(Prepared, impl), READONLY, "the implementation"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject PreparedType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "numerics_fn._fastcall.Prepared",
    .tp_doc = "Prepared(impl, plain, convert): impl with its first argument converted unless of a plain type.",
    .tp_basicsize = sizeof(Prepared),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = prepared_new,
    .tp_dealloc = (destructor)prepared_dealloc,
    .tp_traverse = (traverseproc)prepared_traverse,
    .tp_clear = (inquiry)prepared_clear,
    .tp_repr = (reprfunc)prepared_repr,
    .tp_descr_get = fastop_get,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Prepared, vectorcall),
    .tp_dictoffset = offsetof(Prepared, dict),
    .tp_members = prepared_members,
    .tp_getset = fastop_getset,
};

/* --- Identity ------------------------------------------------------------------------------
 * ``impl(first, *options, ctx)`` whose common case is ``first`` itself: ``first`` of exactly one type and the
 * next n_none arguments None (asarray of an array already of the backend, with no dtype, device or copy asked).
 * With `natives`, the first of those may also be a dtype spelling (a token by its name) that `natives` maps to
 * ``first``'s dtype itself (asarray of an array already of the dtype asked for). */
typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *impl;
    PyObject *type;
    PyObject *natives;          /* dtype spelling (a token's name) -> the library's dtype, or NULL */
    PyObject *token_type;       /* its instances are looked up by their name (with natives) */
    PyGetSetDef *dtype_getter;  /* type's dtype getter (with natives) */
    PyObject *dict;
    Py_ssize_t n_none;
    Py_ssize_t name_offset;     /* where token_type's instances hold their name (-1: read as an attribute) */
} Identity;

/* 1: `dtype` names `first`'s own dtype in self->natives; 0: not (or not known); -1: an error */
static int
identity_same_dtype(Identity *self, PyObject *first, PyObject *dtype)
{
    PyObject *key, *native, *own;
    int same;

    key = (PyObject *)Py_TYPE(dtype) == self->token_type ? read_slot(dtype, self->token_type, self->name_offset, name_name)
                                                          : Py_NewRef(dtype);
    if (key == NULL)
        return -1;
    native = PyDict_GetItemWithError(self->natives, key);
    Py_XINCREF(native); /* the lookup may have run Python code (an __eq__), and the next read may too */
    Py_DECREF(key);
    if (native == NULL) {
        if (!PyErr_Occurred())
            return 0;
        if (!PyErr_ExceptionMatches(PyExc_TypeError))
            return -1;
        PyErr_Clear(); /* an unhashable spelling: the implementation decides */
        return 0;
    }
    own = self->dtype_getter->get(first, self->dtype_getter->closure);
    same = own == native;
    Py_XDECREF(own);
    Py_DECREF(native);
    return own == NULL ? -1 : same;
}

static PyObject *
identity_vectorcall(Identity *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), i;

    if (kwnames != NULL || nargs < self->n_none + 1 || (PyObject *)Py_TYPE(args[0]) != self->type)
        goto slow;
    for (i = 2; i <= self->n_none; i++)
        if (args[i] != Py_None)
            goto slow;
    if (self->n_none >= 1 && args[1] != Py_None) {
        int same;
        if (self->natives == NULL)
            goto slow;
        same = identity_same_dtype(self, args[0], args[1]);
        if (same < 0)
            return NULL;
        if (!same)
            goto slow;
    }
    return Py_NewRef(args[0]);
slow:
    return PyObject_Vectorcall(self->impl, args, nargsf, kwnames);
}

static PyObject *
identity_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"impl", "type", "n_none", "natives", "token_type", NULL};
    PyObject *impl, *cls, *natives = Py_None, *token_type = Py_None;
    Py_ssize_t n_none;
    PyGetSetDef *dtype_getter = NULL;
    Identity *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO!n|OO", names, &impl, &PyType_Type, &cls, &n_none, &natives,
                                     &token_type))
        return NULL;
    if (!PyCallable_Check(impl) || n_none < 0 || (natives != Py_None && (!PyDict_Check(natives) || n_none < 1)) ||
        (natives == Py_None) != (token_type == Py_None) || (token_type != Py_None && !PyType_Check(token_type))) {
        PyErr_SetString(PyExc_TypeError, "Identity(impl, type, n_none: int >= 0, natives: dict | None (n_none >= 1), "
                                         "token_type: type | None (with natives))");
        return NULL;
    }
    if (natives != Py_None) {
        dtype_getter = getter_of(cls, "dtype");
        if (dtype_getter == NULL)
            return NULL;
    }
    self = (Identity *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = (vectorcallfunc)identity_vectorcall;
    self->impl = Py_NewRef(impl);
    self->type = Py_NewRef(cls);
    self->n_none = n_none;
    self->natives = natives == Py_None ? NULL : Py_NewRef(natives);
    self->token_type = token_type == Py_None ? NULL : Py_NewRef(token_type);
    self->dtype_getter = dtype_getter;
    self->name_offset = token_type == Py_None ? -1 : slot_offset(token_type, "name");
    return (PyObject *)self;
}

static int
identity_traverse(Identity *self, visitproc visit, void *arg)
{
    Py_VISIT(self->impl);
    Py_VISIT(self->type);
    Py_VISIT(self->natives);
    Py_VISIT(self->token_type);
    Py_VISIT(self->dict);
    return 0;
}

static int
identity_clear(Identity *self)
{
    Py_CLEAR(self->impl);
    Py_CLEAR(self->type);
    Py_CLEAR(self->natives);
    Py_CLEAR(self->token_type);
    Py_CLEAR(self->dict);
    return 0;
}

static void
identity_dealloc(Identity *self)
{
    PyObject_GC_UnTrack(self);
    identity_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
identity_repr(Identity *self)
{
    return PyUnicode_FromFormat("<identity for %R, else %R>", self->type, self->impl);
}

static PyMemberDef identity_members[] = {
    {"__fallback__", T_OBJECT, offsetof(Identity, impl), READONLY, "the implementation"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject IdentityType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "numerics_fn._fastcall.Identity",
    .tp_doc = "Identity(impl, type, n_none, natives=None, token_type=None): the first argument itself when of `type` "
              "and the next n_none are None (with natives, the first of them may name its own dtype).",
    .tp_basicsize = sizeof(Identity),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = identity_new,
    .tp_dealloc = (destructor)identity_dealloc,
    .tp_traverse = (traverseproc)identity_traverse,
    .tp_clear = (inquiry)identity_clear,
    .tp_repr = (reprfunc)identity_repr,
    .tp_descr_get = fastop_get,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Identity, vectorcall),
    .tp_dictoffset = offsetof(Identity, dict),
    .tp_members = identity_members,
    .tp_getset = fastop_getset,
};

static PyObject *
configure(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *type, *dict;

    if (!PyArg_ParseTuple(args, "O!O!:configure", &PyType_Type, &type, &PyDict_Type, &dict))
        return NULL;
    Py_XSETREF(context_type, Py_NewRef(type));
    context_offsets[CTX_BACKEND] = slot_offset(type, "backend");
    context_offsets[CTX_DEVICE] = slot_offset(type, "device");
    context_offsets[CTX_PRECISION] = slot_offset(type, "precision");
    Py_XSETREF(owners, Py_NewRef(dict));
    Py_RETURN_NONE;
}

static PyMethodDef fastcall_functions[] = {
    {"configure", configure, METH_VARARGS,
     "configure(context_type, owners): the Context class, whose instances FastOp takes as ctx=, and the dict "
     "type -> backend name (None: neutral) an explicit ctx is checked against; until then ctx= goes to Python."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fastcall_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "numerics_fn._fastcall",
    .m_doc = "The dispatch fast path in C (see numerics_fn/_native/fastcall.c).",
    .m_size = -1,
    .m_methods = fastcall_functions,
};

PyMODINIT_FUNC
PyInit__fastcall(void)
{
    PyObject *module;

    import_array();
    backend_name = PyUnicode_InternFromString("backend");
    device_name = PyUnicode_InternFromString("device");
    dtype_name = PyUnicode_InternFromString("dtype");
    ctx_name = PyUnicode_InternFromString("ctx");
    precision_name = PyUnicode_InternFromString("precision");
    name_name = PyUnicode_InternFromString("name");
    dtype_kwnames = dtype_name == NULL ? NULL : PyTuple_Pack(1, dtype_name);
    if (precision_name == NULL || name_name == NULL || dtype_kwnames == NULL || PyType_Ready(&CreationType) < 0 ||
        PyType_Ready(&PreparedType) < 0 || PyType_Ready(&IdentityType) < 0)
        return NULL;
    if (backend_name == NULL || device_name == NULL || dtype_name == NULL || ctx_name == NULL || PyType_Ready(&FastOpType) < 0 || PyType_Ready(&ShortcutType) < 0 ||
        PyType_Ready(&MixedPairType) < 0)
        return NULL;
    module = PyModule_Create(&fastcall_module);
    if (module == NULL)
        return NULL;
    if (PyModule_AddObjectRef(module, "FastOp", (PyObject *)&FastOpType) < 0 ||
        PyModule_AddObjectRef(module, "Shortcut", (PyObject *)&ShortcutType) < 0 ||
        PyModule_AddObjectRef(module, "MixedPair", (PyObject *)&MixedPairType) < 0 ||
        PyModule_AddObjectRef(module, "Creation", (PyObject *)&CreationType) < 0 ||
        PyModule_AddObjectRef(module, "Prepared", (PyObject *)&PreparedType) < 0 ||
        PyModule_AddObjectRef(module, "Identity", (PyObject *)&IdentityType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
