//! The standing system prompt a teammate's runs start from (SDK 4.49 `system_prompt`): its
//! name and role, goals, instructions and tools, in that order. The simulated agent has no
//! model to brief, so this is the whole prompt; per-run context (memories, the message, what
//! triggered it) is added at run time and is not part of it.

use m8tes_protocol::types::Teammate;

/// The only prompt profile this server has (4.49 also knows `bare`, for embedding).
pub const PROFILE: &str = "platform";
pub const PROFILE_DESCRIPTION: &str =
    "The platform prompt: the teammate's persona, goals, instructions and tools.";

/// The prompt, deterministic for a given teammate.
pub fn system_prompt(teammate: &Teammate) -> String {
    fn present(field: &Option<String>) -> Option<&str> {
        field.as_deref().filter(|value| !value.trim().is_empty())
    }
    let mut prompt = match present(&teammate.role) {
        Some(role) => format!("You are {}, {role}.", teammate.name),
        None => format!("You are {}.", teammate.name),
    };
    if let Some(goals) = present(&teammate.goals) {
        prompt.push_str(&format!("\n\nGoals: {goals}"));
    }
    if let Some(instructions) = present(&teammate.instructions) {
        prompt.push_str(&format!("\n\nInstructions:\n{instructions}"));
    }
    let tools = teammate.tools.clone().unwrap_or_default();
    let tools = if tools.is_empty() { "none".to_owned() } else { tools.join(", ") };
    prompt.push_str(&format!("\n\nTools: {tools}"));
    prompt
}
