//! Killing a program together with everything it started: a test runner stopped at its time
//! limit leaves its servers, browsers and workerd behind otherwise, and those keep CI's output
//! open, so the run would hang on them instead of on the runner.

use std::collections::HashMap;
use std::fs;
use std::process::{Child, Command, Stdio};

/// Kills `child` and all its descendants at once, then reaps `child`.
pub fn kill(child: &mut Child) {
    let root = child.id();
    // The tree is read whole before anything dies: a process whose parent is killed is handed
    // to init, and could no longer be found from `root`.
    let mut doomed = vec![root];
    doomed.extend(descendants(root));
    let _ = Command::new("kill")
        .arg("-KILL")
        .args(doomed.iter().map(u32::to_string))
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Every process below `root`, read from `/proc` (Linux, where CI and the suites run);
/// empty where `/proc` is missing.
fn descendants(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else {
            continue;
        };
        if let Some(parent) = parent_of(pid) {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(pid) = pending.pop() {
        for &child in children.get(&pid).map(Vec::as_slice).unwrap_or_default() {
            found.push(child);
            pending.push(child);
        }
    }
    found
}

/// The parent pid from `/proc/<pid>/stat`: the fourth field, counted after the command name,
/// which is in parentheses and may itself hold spaces or parentheses.
fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::kill;
    use std::process::Command;
    use std::thread::sleep;
    use std::time::Duration;

    #[test]
    fn kills_the_grandchildren_too() {
        // A shell that starts a long sleep and prints its pid, then waits on it.
        let mut child = Command::new("sh")
            .args(["-c", "sleep 300 & echo $! > \"$0\"; wait", &pid_file()])
            .spawn()
            .unwrap();
        let grandchild = loop {
            if let Ok(text) = std::fs::read_to_string(pid_file()) {
                if let Ok(pid) = text.trim().parse::<u32>() {
                    break pid;
                }
            }
            sleep(Duration::from_millis(20));
        };
        kill(&mut child);
        // Reaped by init once killed; give it a moment to go.
        let gone = (0..100).any(|_| {
            sleep(Duration::from_millis(20));
            !std::path::Path::new(&format!("/proc/{grandchild}")).exists()
                || std::fs::read_to_string(format!("/proc/{grandchild}/stat"))
                    .is_ok_and(|stat| stat.contains(") Z "))
        });
        let _ = std::fs::remove_file(pid_file());
        assert!(gone, "the grandchild {grandchild} outlived the kill");
    }

    fn pid_file() -> String {
        std::env::temp_dir()
            .join(format!("xtask-process-tree-{}.pid", std::process::id()))
            .to_string_lossy()
            .into_owned()
    }
}
