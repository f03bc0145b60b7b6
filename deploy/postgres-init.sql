-- Rasa's conversations live in their own database next to the catalogue and the query log.
CREATE DATABASE citybot_tracker;
