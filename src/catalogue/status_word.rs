//! The device's names for the status words the catalogue and the verifier quote
//! (ledger-integration §2.2).

/// The device's name for a status word, or None.
pub fn status_word_name(sw: u16) -> Option<&'static str> {
    Some(match sw {
        0x6A80 => "INCORRECT_COMMAND_DATA",
        0x6A81 => "DESERIALIZATION_FAILED",
        0x6A82 => "WRONG_TRANSACTION_ID",
        0x6A83 => "INVALID_ADDRESS",
        0x6A89 => "INVALID_P2_EXTENSION",
        0x6A8D => "WRONG_EXTRA_ID_OR_EXTRA_DATA",
        0x6E02 => "WRONG_DATA_LENGTH",
        0x9D1A => "SIGN_VERIFICATION_FAIL",
        _ => return None,
    })
}

/// `0x6A82 WRONG_TRANSACTION_ID`, as messages quote a status word.
pub fn describe_status_word(sw: u16) -> String {
    match status_word_name(sw) {
        Some(name) => format!("0x{sw:04X} {name}"),
        None => format!("0x{sw:04X}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_named() {
        assert_eq!(describe_status_word(0x6A82), "0x6A82 WRONG_TRANSACTION_ID");
        assert_eq!(describe_status_word(0x1234), "0x1234");
    }
}
