//! The `usersync` binary; everything is in the library's `cli` module.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    usersync::cli::memory::keep_freed();
    usersync::cli::main()
}
