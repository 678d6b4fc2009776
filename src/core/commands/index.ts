/**
 * Parses Ferry's slash commands out of comment bodies. Pure: decides nothing about who
 * may run them; that is the permission check's job.
 */
export { parseCommands, COMMAND_NAMES, type CommandName, type ParsedCommand } from "./parse-commands.ts";
