//! The `usersync` binary; everything is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    usersync::cli::main()
}
