"""What the bot says to each kind of turn: one function per action, from a `Turn` to a `Reply`.

The actions (rasa-sdk) translate Rasa's tracker into a `Turn`, call one of these
functions and send the `Reply`'s messages and slot changes back; everything the
bot decides (which term, which services, what to remember, what to ask next)
happens here, where it can be tested without Rasa.
"""
