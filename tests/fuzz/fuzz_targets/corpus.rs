//! Fuzz target: see `concord_fuzz::corpus`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::corpus(data));

#[cfg(not(fuzzing))]
fn main() {
    concord_fuzz::plain::main("corpus", concord_fuzz::corpus);
}
