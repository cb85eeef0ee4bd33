//! Fuzz target: see `concord_fuzz::search`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::search(data));

#[cfg(not(fuzzing))]
fn main() {
    concord_fuzz::plain::main("search", concord_fuzz::search);
}
