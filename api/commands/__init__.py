"""One module per `scout` subcommand; each exposes `register(subparsers)`.

A command's handler takes (args, settings) and returns the exit code.
"""
