//! How the process hands freed memory back to the kernel: kept for reuse while a phase runs,
//! handed back at once when a phase that freed much has ended.
//!
//! mimalloc (the global allocator, `src/main.rs`) by default hands freed pages back 10 ms
//! after they are freed and faults them in again, zeroed, when they are reused moments later:
//! at 100,000 accounts that was 18,000 to 45,000 page faults a plan and up to a second of
//! system time. Never handing them back instead kept what the manifest's trees had freed
//! resident for the rest of the run, although little of it could be reused (the fetch's
//! values come in other sizes): about 35 MB more at the peak. So a run keeps freed pages until
//! [`release`] is called between phases.

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, the same in mimalloc 2 and
/// 3; the binding names no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed pages are kept for an hour (longer than any run takes) unless [`release`]d.
pub fn keep_freed() {
    // SAFETY: sets an integer option; mimalloc allows it at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 3_600_000) };
    // mimalloc asks for transparent huge pages, set up before `main`: its option cannot turn
    // them off from here, the process's flag can.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integers and changes only this process's paging.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Hands back what has been freed so far: after the manifest's text and trees are gone
/// (`plan.rs`) and after the fetch (`observe.rs`). The CLI runs on one thread, which freed all
/// of it. Without mimalloc as the allocator (the library's tests), mimalloc has nothing to
/// hand back.
pub fn release() {
    // SAFETY: mi_collect takes no pointers and may be called at any time, from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) };
}
